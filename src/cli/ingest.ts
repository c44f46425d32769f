/** `jixiao ingest PATH…`: a batch into the database, with progress and a summary of what failed and why. */
import { defaultJobs, ingest, workerRunner, type IngestSummary } from '../ingest/run.js';
import { silentProgress, terminalProgress } from '../ingest/progress.js';
import { fileLimits, type LimitOptions } from './limits.js';
import { vocabularyAdditions, type VocabularyOption } from './vocabulary.js';

export interface IngestCommandOptions extends LimitOptions, VocabularyOption {
  db: string;
  jobs?: number;
  reprocess?: boolean;
  json?: boolean;
  progress?: boolean;
  exclude?: string[];
  /** False with --no-ocr. */
  ocr?: boolean;
}

function report(summary: IngestSummary): string {
  const lines = [
    `${summary.files} files in ${summary.seconds.toFixed(1)} s → ${summary.database}`,
    `  ingested ${summary.ingested}, skipped ${summary.skipped} (already stored)${summary.reprocessed ? `, reprocessed ${summary.reprocessed}` : ''}, failed ${summary.failed.length}`,
    `  read with warnings ${summary.withWarnings}${summary.withWarnings ? ' (tables whose columns were not recognised: see the needs_review view)' : ''}`,
    ...summary.failed.map((f) => `  failed: ${f.path}: ${f.error}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Returns the exit status: 0 when every file was ingested or skipped, 1 when any failed. */
export async function runIngest(paths: string[], options: IngestCommandOptions): Promise<number> {
  const jobs = options.jobs ?? defaultJobs();
  // Worker threads even for one job: only a thread can be stopped when a file runs past its limits.
  const runner = workerRunner(jobs, { limits: fileLimits(options), vocabulary: vocabularyAdditions(options) });
  try {
    const summary = await ingest(paths, {
      database: options.db,
      runner,
      reprocess: options.reprocess,
      exclude: options.exclude,
      ocr: options.ocr !== false,
      progress: options.progress === false ? silentProgress : terminalProgress(),
    });
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 1)}\n` : report(summary));
    return summary.failed.length ? 1 : 0;
  } finally {
    await runner.close();
  }
}
