/**
 * A batch: list the files, skip the bytes already stored, read the rest in parallel worker threads,
 * and store each result in its own transaction as it arrives. A failure is recorded and the batch
 * goes on; a batch killed at any point and run again finishes the rest without duplicates.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { identityBytes } from '../extract/archive.js';
import { errorReason } from '../extract/errors.js';
import { DEFAULT_EXTRACT_OPTIONS } from '../extract/options.js';
import { DEFAULT_UNPACK_LIMITS } from '../extract/unpack/limits.js';
import { openStore, type Store } from '../store/db.js';
import { replaceContent, storeFile, type FileResult } from '../store/write.js';
import { VERSION } from '../version.js';
import { listFiles } from './files.js';
import { type Runner } from './pool.js';
import { silentProgress, type Progress } from './progress.js';
import type { Task } from './worker.js';

export { inProcessRunner } from './in-process.js';
export { workerRunner, WORKER_FILE, type Runner, type WorkerRunnerOptions } from './pool.js';

export interface Failure {
  path: string;
  error: string;
}

export interface IngestSummary {
  database: string;
  files: number;
  ingested: number;
  skipped: number;
  reprocessed: number;
  /** Documents read (ingested or reprocessed) with tables that could not be read: the needs_review view lists them. */
  withWarnings: number;
  failed: Failure[];
  seconds: number;
}

export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism());
}

export interface IngestOptions {
  database: string;
  runner: Runner;
  /** Re-read every stored document with this version of jixiao before ingesting new files. */
  reprocess?: boolean;
  /** Read scanned pages with OCR (default true). */
  ocr?: boolean;
  progress?: Progress;
  /** Files and folders to leave out of the paths given. */
  exclude?: string[];
  /** Results waiting to be stored at most, per job: keeps memory flat on huge batches. */
  maxInFlight?: number;
}

async function sha256OfFile(file: string): Promise<string | null> {
  try {
    return createHash('sha256').update(await identityBytes(file, DEFAULT_UNPACK_LIMITS)).digest('hex');
  } catch {
    return null;
  }
}

interface StoredDocument {
  id: number;
  path: string;
  sha256: string;
  size_bytes: number;
  format: FileResult['format'];
  model_json_gzip: Uint8Array | null;
}

/** The task that re-reads a stored document: its file if still there unchanged, else its stored model. */
async function rereadTask(doc: StoredDocument, ocr: boolean): Promise<Task | null> {
  if (existsSync(doc.path) && (await sha256OfFile(doc.path)) === doc.sha256) return { kind: 'file', path: doc.path, options: { ...DEFAULT_EXTRACT_OPTIONS, ocr } };
  if (!doc.model_json_gzip) return null;
  const source: FileResult = { path: doc.path, sha256: doc.sha256, sizeBytes: doc.size_bytes, format: doc.format, outcome: { ok: false, error: '' } };
  return { kind: 'stored', modelGzip: doc.model_json_gzip, source };
}

/** Runs tasks with at most `limit` results pending at once, calling `store` as each arrives (ingest and crawl). */
export class Dispatcher {
  private readonly pending = new Set<Promise<void>>();
  constructor(
    private readonly runner: Runner,
    private readonly limit: number,
  ) {}

  async submit(task: Task, store: (result: FileResult) => void, fail: (error: unknown) => void): Promise<void> {
    while (this.pending.size >= this.limit) await Promise.race(this.pending);
    const work = this.runner.run(task).then(store).catch(fail);
    const tracked = work.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  async drain(): Promise<void> {
    await Promise.all(this.pending);
  }
}

/**
 * Store a result; if storing its records fails (a bug, not the file's fault), store the document as
 * failed with that reason instead, so the batch goes on and the file is not retried forever.
 */
export function storeOrRecordFailure(db: Store, result: FileResult): { stored: boolean; failed?: string } {
  try {
    return { stored: storeFile(db, result, VERSION).stored };
  } catch (error) {
    const reason = `internal error while storing: ${errorReason(error)}`;
    return { stored: storeFile(db, { ...result, outcome: { ok: false, error: reason } }, VERSION).stored, failed: reason };
  }
}

export async function ingest(paths: string[], options: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const files = await listFiles(paths, options.exclude);
  const db: Store = openStore(options.database);
  const progress = options.progress ?? silentProgress;
  const summary: IngestSummary = { database: options.database, files: files.length, ingested: 0, skipped: 0, reprocessed: 0, withWarnings: 0, failed: [], seconds: 0 };
  const dispatcher = new Dispatcher(options.runner, options.maxInFlight ?? 8);
  const known = db.prepare<[string], { id: number }>('SELECT id FROM documents WHERE sha256 = ?');
  const stored = options.reprocess
    ? db.prepare<[], StoredDocument>(
        `SELECT d.id, d.path, d.sha256, d.size_bytes, d.format, c.model_json_gzip
         FROM documents d LEFT JOIN document_content c ON c.document_id = d.id WHERE d.is_current = 1 ORDER BY d.id`,
      ).all()
    : [];
  let done = 0;
  const tick = () => progress.update({ done: ++done, failed: summary.failed.length });
  const noteFailure = (path: string, error: string) => summary.failed.push({ path, error });
  const noteWarnings = (result: FileResult) => {
    if (result.outcome.ok && result.outcome.record.warnings.length) summary.withWarnings += 1;
  };
  const crashed = (path: string) => (error: unknown) => {
    noteFailure(path, `internal error: ${errorReason(error)}`);
    tick();
  };

  progress.start(stored.length + files.length);
  try {
    for (const doc of stored) {
      const task = await rereadTask(doc, options.ocr !== false);
      if (!task) {
        tick();
        continue;
      }
      await dispatcher.submit(
        task,
        (result) => {
          replaceContent(db, doc.id, result.outcome, VERSION);
          summary.reprocessed += 1;
          noteWarnings(result);
          if (!result.outcome.ok) noteFailure(doc.path, result.outcome.error);
          tick();
        },
        crashed(doc.path),
      );
    }
    await dispatcher.drain();

    const seen = new Set<string>();
    for (const file of files) {
      const sha = await sha256OfFile(file);
      if (sha === null) {
        noteFailure(file, 'cannot read the file');
        tick();
        continue;
      }
      if (seen.has(sha) || known.get(sha)) {
        summary.skipped += 1;
        seen.add(sha);
        tick();
        continue;
      }
      seen.add(sha);
      await dispatcher.submit(
        { kind: 'file', path: file, options: { ...DEFAULT_EXTRACT_OPTIONS, ocr: options.ocr !== false } },
        (result) => {
          const outcome = storeOrRecordFailure(db, result);
          if (!outcome.stored) summary.skipped += 1;
          else if (result.outcome.ok && !outcome.failed) {
            summary.ingested += 1;
            noteWarnings(result);
          }
          else noteFailure(file, outcome.failed ?? (result.outcome.ok ? '' : result.outcome.error));
          tick();
        },
        crashed(file),
      );
    }
    await dispatcher.drain();
  } finally {
    progress.stop();
    db.close();
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
