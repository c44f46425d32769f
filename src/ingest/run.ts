/**
 * A batch: list the files, skip the bytes already stored, read the rest in parallel worker threads,
 * and store each result in its own transaction as it arrives. A failure is recorded and the batch
 * goes on; a batch killed at any point and run again finishes the rest without duplicates.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { identityBytes, splitMemberAddress } from '../extract/archive.js';
import { countByKind, errorKind, errorReason, type ErrorKind } from '../extract/errors.js';
import { DEFAULT_EXTRACT_OPTIONS } from '../extract/options.js';
import { DEFAULT_UNPACK_LIMITS } from '../extract/unpack/limits.js';
import { asStorageError, type StorageError, type Store } from '../store/db.js';
import { shownLocation } from '../store/location.js';
import { storeFor, type DocumentStore, type StoredDocument } from '../store/store.js';
import type { FileResult } from '../store/write.js';
import { VERSION } from '../version.js';
import { listBatch, type SkippedEntry } from './files.js';
import { type Runner } from './pool.js';
import { silentProgress, type Progress } from './progress.js';
import type { Task } from './worker.js';

export { inProcessRunner } from './in-process.js';
export { workerRunner, WORKER_FILE, type Runner, type WorkerRunnerOptions } from './pool.js';

export interface Failure {
  path: string;
  error: string;
  /** The failure in one word (documents.error_kind): a batch's failures group by it. */
  kind: ErrorKind;
}

/** A file whose bytes are those of a stored document at another path: recorded in file_copies, not read. */
export interface Copy {
  path: string;
  copyOf: string;
}

export interface IngestSummary {
  database: string;
  files: number;
  /** Files read and stored as readable, retried ones included. */
  ingested: number;
  skipped: number;
  reprocessed: number;
  /** Files whose last reading had failed, read again (whatever came of it: ingested or failed). */
  retried: number;
  copies: Copy[];
  /** Documents read with tables that could not be read or with reading warnings: the needs_review view lists them. */
  withWarnings: number;
  failed: Failure[];
  /** How many failures of each kind, most first. */
  failedByKind: Record<string, number>;
  /** Files under the folders named whose format is not read, by extension. */
  unsupported: Record<string, string[]>;
  /** Entries under the folders named that are not files to read (a FIFO, a broken or looping link). */
  notFiles: SkippedEntry[];
  seconds: number;
}

export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism());
}

export interface IngestOptions {
  database: string;
  runner: Runner;
  /**
   * Re-read the stored documents under the paths given (every stored document when no path is
   * given) with this version of jixiao before ingesting new files.
   */
  reprocess?: boolean;
  /** Read scanned pages with OCR (default true). */
  ocr?: boolean;
  progress?: Progress;
  /** Files and folders to leave out of the paths given. */
  exclude?: string[];
  /** Results waiting to be stored at most, per job: keeps memory flat on huge batches. */
  maxInFlight?: number;
  /** How the database is opened (tests give a store that fills up after a few pages). */
  openStore?: (file: string) => Store;
}

/** Hashed as a stream: a large file never sits whole in the main thread, whose memory no limit watches. */
async function sha256OfFile(file: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    // An archive's member is hashed as its own bytes, so it and the same report outside the archive are one document.
    if (splitMemberAddress(file)) hash.update(await identityBytes(file, DEFAULT_UNPACK_LIMITS));
    else await pipeline(createReadStream(file), hash);
    return hash.digest('hex');
  } catch {
    return null;
  }
}

/** The task that re-reads a stored document: its file if still there unchanged, else its stored model. */
async function rereadTask(doc: StoredDocument, ocr: boolean): Promise<Task | null> {
  if (existsSync(doc.path) && (await sha256OfFile(doc.path)) === doc.sha256)
    return { kind: 'file', path: doc.path, options: { ...DEFAULT_EXTRACT_OPTIONS, ocr } };
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

  async submit(task: Task, store: (result: FileResult) => void | Promise<void>, fail: (error: unknown) => void): Promise<void> {
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
 * Store a result with `write`. If the database refuses its records for a reason of the file's own (a
 * record that breaks a constraint: a bug, not the file's fault), store it as a failed document with that
 * reason instead, so the batch goes on; the next run reads it again. An error of the store itself (disk
 * full, read-only, I/O) is thrown as a StorageError: the batch stops and the file is not recorded as
 * failed. Ingest stores a file this way, the crawl a URL's document with its queue row.
 */
export async function storeRecordingFailure<T>(
  result: FileResult,
  database: string,
  write: (result: FileResult) => Promise<T>,
): Promise<{ value: T; failed?: string }> {
  try {
    return { value: await write(result) };
  } catch (error) {
    const storage = asStorageError(error, database);
    if (storage) throw storage;
    const reason = `internal error while storing: ${errorReason(error)}`;
    try {
      return { value: await write({ ...result, outcome: { ok: false, error: reason } }), failed: reason };
    } catch (again) {
      throw asStorageError(again, database) ?? again;
    }
  }
}

/** Whether `file` is `folder` itself or lies under it. */
const isUnder = (file: string, folder: string) => file === folder || file.startsWith(`${folder}${path.sep}`);

/** The stored documents to re-read: every current one, or those under the paths given. */
async function documentsToReprocess(store: DocumentStore, paths: string[]): Promise<StoredDocument[]> {
  const roots = paths.map((given) => path.resolve(given));
  return (await store.currentDocuments()).filter((doc) => roots.length === 0 || roots.some((root) => isUnder(doc.path, root)));
}

export async function ingest(paths: string[], options: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const listing = await listBatch(paths, options.exclude);
  const { files } = listing;
  const db = await storeFor(options);
  const progress = options.progress ?? silentProgress;
  const summary: IngestSummary = {
    database: shownLocation(options.database),
    files: files.length + listing.refused.length,
    ingested: 0,
    skipped: 0,
    reprocessed: 0,
    retried: 0,
    copies: [],
    withWarnings: 0,
    failed: [],
    failedByKind: {},
    unsupported: listing.unsupported,
    notFiles: listing.skipped,
    seconds: 0,
  };
  const dispatcher = new Dispatcher(options.runner, options.maxInFlight ?? 8);
  let stopped: StorageError | null = null;
  const stop = (error: unknown) => {
    const storage = asStorageError(error, options.database);
    if (!storage) throw error;
    stopped ??= storage;
  };
  let done = 0;
  const tick = () => progress.update({ done: ++done, failed: summary.failed.length });
  const noteFailure = (file: string, error: string) => summary.failed.push({ path: file, error, kind: errorKind(error) });
  const noteWarnings = (result: FileResult) => {
    if (result.outcome.ok && (result.outcome.record.warnings.length || result.outcome.readingWarnings.length)) summary.withWarnings += 1;
  };
  const crashed = (file: string) => (error: unknown) => {
    if (asStorageError(error, options.database)) stop(error);
    else noteFailure(file, `internal error: ${errorReason(error)}`);
    tick();
  };
  /** A result stored as it arrives; once the store has failed, nothing more is written. */
  const storing = (store: (result: FileResult) => Promise<void>) => async (result: FileResult) => {
    if (!stopped) await store(result);
  };

  try {
    const stored = options.reprocess ? await documentsToReprocess(db, paths) : [];
    const reprocessed = new Set(stored.map((doc) => doc.sha256));
    progress.start(stored.length + files.length + listing.refused.length);
    for (const refused of listing.refused) {
      noteFailure(refused.path, refused.reason);
      tick();
    }
    for (const doc of stored) {
      if (stopped) break;
      const task = await rereadTask(doc, options.ocr !== false);
      if (!task) {
        tick();
        continue;
      }
      await dispatcher.submit(
        task,
        storing(async (result) => {
          await db.replaceContent(doc.id, result.outcome, VERSION);
          summary.reprocessed += 1;
          noteWarnings(result);
          if (!result.outcome.ok) noteFailure(doc.path, result.outcome.error);
          tick();
        }),
        crashed(doc.path),
      );
    }
    await dispatcher.drain();

    /** The first path of each content in this batch: a later path with the same bytes is its copy. */
    const firstPath = new Map<string, string>();
    const laterCopies: { path: string; sha: string }[] = [];
    for (const file of files) {
      if (stopped) break;
      const sha = await sha256OfFile(file);
      if (sha === null) {
        noteFailure(file, 'cannot read the file');
        tick();
        continue;
      }
      const first = firstPath.get(sha);
      if (first !== undefined || reprocessed.has(sha)) {
        if (first !== undefined && first !== file) laterCopies.push({ path: file, sha });
        tick();
        continue;
      }
      firstPath.set(sha, file);
      const known = await db.storedContent(sha);
      if (known?.status === 'ok') {
        if (known.path === file) summary.skipped += 1;
        else {
          await db.recordCopy(known.id, file);
          summary.copies.push({ path: file, copyOf: known.path });
        }
        tick();
        continue;
      }
      await dispatcher.submit(
        { kind: 'file', path: file, options: { ...DEFAULT_EXTRACT_OPTIONS, ocr: options.ocr !== false } },
        storing(async (result) => {
          const { value: outcome, failed } = await storeRecordingFailure(result, db.name, (file: FileResult) => db.storeFile(file, VERSION));
          if (outcome.stored && outcome.retried) summary.retried += 1;
          if (!outcome.stored) {
            if (outcome.copyOf) summary.copies.push({ path: file, copyOf: outcome.copyOf });
            else summary.skipped += 1;
          } else if (result.outcome.ok && !failed) {
            summary.ingested += 1;
            noteWarnings(result);
          } else noteFailure(file, failed ?? (result.outcome.ok ? '' : result.outcome.error));
          tick();
        }),
        crashed(file),
      );
    }
    await dispatcher.drain();
    if (!stopped) {
      for (const copy of laterCopies) {
        const original = await db.storedContent(copy.sha);
        if (!original) continue;
        await db.recordCopy(original.id, copy.path);
        summary.copies.push({ path: copy.path, copyOf: original.path });
      }
    }
  } catch (error) {
    stop(error);
  } finally {
    progress.stop();
    await db.close();
  }
  if (stopped) throw stopped;
  summary.failedByKind = countByKind(summary.failed);
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
