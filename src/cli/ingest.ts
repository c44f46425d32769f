/** `jixiao ingest PATH…`: a batch into the database, with progress and a summary of what failed and why. */
import { defaultJobs, ingest, workerRunner, type IngestSummary } from '../ingest/run.js';
import { silentProgress, terminalProgress } from '../ingest/progress.js';
import { fileLimits, type LimitOptions } from './limits.js';
import { printable } from './terminal.js';
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

/** How many of each, most first: "damaged 2, encrypted 1". */
const counts = (entries: [string, number][]) => entries.map(([name, n]) => `${name} ${n}`).join(', ');

function report(summary: IngestSummary): string {
  const optional = (n: number, words: string) => (n ? `, ${words} ${n}` : '');
  const unsupported = Object.entries(summary.unsupported).map(([extension, files]): [string, number] => [extension, files.length]);
  const lines = [
    `${summary.files} files in ${summary.seconds.toFixed(1)} s → ${summary.database}`,
    `  ingested ${summary.ingested}${optional(summary.retried, 'retried')}, skipped ${summary.skipped} (already stored)` +
      `${optional(summary.copies.length, 'copies')}${optional(summary.reprocessed, 'reprocessed')}, failed ${summary.failed.length}` +
      (summary.failed.length ? ` (${counts(Object.entries(summary.failedByKind))})` : ''),
    `  read with warnings ${summary.withWarnings}${summary.withWarnings ? ' (tables that could not be read, or text left out: see the needs_review view)' : ''}`,
    ...(unsupported.length ? [`  not read, unsupported formats: ${counts(unsupported)}`] : []),
    ...summary.failed.map((f) => `  failed: ${printable(f.path)}: ${printable(f.error)}`),
    ...summary.copies.map((c) => `  copy: ${printable(c.path)} (same bytes as ${printable(c.copyOf)})`),
    ...summary.notFiles.map((s) => `  not read: ${printable(s.path)}: ${s.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Paths are needed unless --reprocess re-reads every stored document. */
export const NO_PATHS = 'name files or folders to ingest, or use --reprocess to re-read every stored document';

/** Returns the exit status: 0 when every file was ingested or skipped, 1 when any failed, 2 when nothing was named. */
export async function runIngest(paths: string[], options: IngestCommandOptions): Promise<number> {
  if (!paths.length && !options.reprocess) {
    process.stderr.write(`jixiao ingest: ${NO_PATHS}\n`);
    return 2;
  }
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
