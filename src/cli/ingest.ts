/** `jixiao ingest PATH…`: a batch into the database, with progress and a summary of what failed and why. */
import { defaultJobs, ingest, inProcessRunner, workerRunner, type IngestSummary } from '../ingest/run.js';
import { silentProgress, terminalProgress } from '../ingest/progress.js';

export interface IngestCommandOptions {
  db: string;
  jobs?: number;
  reprocess?: boolean;
  json?: boolean;
  progress?: boolean;
  /** False with --no-ocr. */
  ocr?: boolean;
}

function report(summary: IngestSummary): string {
  const lines = [
    `${summary.files} files in ${summary.seconds.toFixed(1)} s → ${summary.database}`,
    `  ingested ${summary.ingested}, skipped ${summary.skipped} (already stored)${summary.reprocessed ? `, reprocessed ${summary.reprocessed}` : ''}, failed ${summary.failed.length}`,
    ...summary.failed.map((f) => `  failed: ${f.path}: ${f.error}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Returns the exit status: 0 when every file was ingested or skipped, 1 when any failed. */
export async function runIngest(paths: string[], options: IngestCommandOptions): Promise<number> {
  const jobs = options.jobs ?? defaultJobs();
  const runner = jobs > 1 ? workerRunner(jobs) : inProcessRunner();
  try {
    const summary = await ingest(paths, {
      database: options.db,
      runner,
      reprocess: options.reprocess,
      ocr: options.ocr !== false,
      progress: options.progress === false ? silentProgress : terminalProgress(),
    });
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 1)}\n` : report(summary));
    return summary.failed.length ? 1 : 0;
  } finally {
    await runner.close();
  }
}
