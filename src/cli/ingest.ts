/** `jixiao ingest PATH…`: a batch into the database, with progress and a summary of what failed and why. */
import { defaultJobs, ingest, workerRunner, type IngestSummary } from '../ingest/run.js';
import { errorReason } from '../extract/errors.js';
import { silentProgress, terminalProgress, type Progress } from '../ingest/progress.js';
import { openStore } from '../store/db.js';
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

/**
 * Ctrl-C during a batch: every file stored so far is whole (one transaction each), so say how many
 * and how to go on, fold the WAL journal back into the database file (a copied .sqlite is then
 * complete on its own), and stop. Returns the function that removes the handler.
 */
function stopOnInterrupt(database: string, startedAt: Date, progress: Progress): () => void {
  const handler = () => {
    progress.stop();
    let stored = '?';
    try {
      const db = openStore(database);
      stored = String(db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM documents WHERE ingested_at >= ?').get(startedAt.toISOString())?.n ?? 0);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    } catch (error) {
      process.stderr.write(`jixiao: ${errorReason(error)}\n`);
    }
    process.stderr.write(
      `jixiao: interrupted: ${stored} files stored in ${database} by this run, each complete; ` +
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

/** Returns the exit status: 0 when every file was ingested or skipped, 1 when any failed. */
export async function runIngest(paths: string[], options: IngestCommandOptions): Promise<number> {
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
