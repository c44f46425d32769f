/** `jixiao ingest PATH…`: a batch into the database, with progress and a summary of what failed and why. */
import { defaultJobs, ingest, workerRunner, type IngestSummary } from '../ingest/run.js';
import { errorReason } from '../extract/errors.js';
import { silentProgress, terminalProgress, type Progress } from '../ingest/progress.js';
import { openStore } from '../store/db.js';
import { isPostgresLocation, shownLocation } from '../store/location.js';
import { openDocumentStore } from '../store/store.js';
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

/**
 * Ctrl-C during a batch: every file stored so far is whole (one transaction each), so say how many
 * and how to go on, fold the WAL journal back into the database file (a copied .sqlite is then
 * complete on its own), and stop. Returns the function that removes the handler.
 */
function stopOnInterrupt(database: string, startedAt: Date, progress: Progress): () => void {
  const handler = async (): Promise<void> => {
    progress.stop();
    let stored = '?';
    try {
      if (isPostgresLocation(database)) {
        const store = await openDocumentStore(database, { readonly: true });
        stored = String(await store.storedSince(startedAt));
        await store.close();
      } else {
        const db = openStore(database);
        stored = String(db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM documents WHERE ingested_at >= ?').get(startedAt.toISOString())?.n ?? 0);
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }
    } catch (error) {
      process.stderr.write(`jixiao: ${errorReason(error)}\n`);
    }
    process.stderr.write(
      `jixiao: interrupted: ${stored} files stored in ${shownLocation(database)} by this run, each complete; ` +
        'run the same command again to read the rest (stored files are skipped)\n',
    );
    // Ended by the signal itself (the shell sees 130), not process.exit(): exit handlers would tear down a
    // reading thread's native OCR engine while it runs, which aborts the process with a C++ error.
    process.removeAllListeners('SIGINT');
    process.kill(process.pid, 'SIGINT');
  };
  process.once('SIGINT', handler);
  return () => process.off('SIGINT', handler);
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
  const progress = options.progress === false ? silentProgress : terminalProgress();
  const removeHandler = stopOnInterrupt(options.db, new Date(), progress);
  try {
    const summary = await ingest(paths, {
      database: options.db,
      runner,
      reprocess: options.reprocess,
      exclude: options.exclude,
      ocr: options.ocr !== false,
      progress,
    });
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 1)}\n` : report(summary));
    return summary.failed.length ? 1 : 0;
  } finally {
    removeHandler();
    await runner.close();
  }
}
