/** The worker-thread side of a batch: one task in, one file's result out. */
import { isMainThread } from 'node:worker_threads';
import type { ExtractOptions } from '../extract/index.js';
import type { FileResult } from '../store/write.js';
import type { Format } from '../extract/model.js';
import { announceFile } from '../extract/reading-events.js';
import { setDeadline, type Deadline } from '../extract/deadline.js';
import type { VocabularyAdditions } from '../vocabulary/index.js';
import { silenceThisThread } from './quiet.js';
import { readBytesForStore, readForStore, rereadStoredModel } from './read.js';

// This module also runs tasks in the main thread (inProcessRunner), whose console stays as it is.
if (!isMainThread) silenceThisThread();

export type Task =
  | { kind: 'file'; path: string; options?: ExtractOptions; deadline?: Deadline }
  /** A stored document whose file is gone, re-read from its stored model. */
  | { kind: 'stored'; modelGzip: Uint8Array; source: FileResult; vocabulary?: VocabularyAdditions }
  /** Bytes fetched by the crawler, read as `format`; `name` (the URL) becomes the document's path. */
  | { kind: 'bytes'; name: string; bytes: Uint8Array; format: Format | null; options?: ExtractOptions; deadline?: Deadline };

async function read(task: Task): Promise<FileResult> {
  if (task.kind === 'bytes') return readBytesForStore(task.name, task.bytes, task.format, task.options);
  return task.kind === 'file' ? readForStore(task.path, task.options) : rereadStoredModel(task.modelGzip, task.source, task.vocabulary);
}

/** One task; a reading that ends past its deadline, by itself or not, failed with the timeout's reason. */
export default async function runTask(task: Task): Promise<FileResult> {
  announceFile(task.kind === 'file' ? task.path : task.kind === 'bytes' ? task.name : task.source.path);
  const deadline = task.kind === 'stored' ? null : (task.deadline ?? null);
  setDeadline(deadline);
  try {
    const result = await read(task);
    return deadline && Date.now() > deadline.at ? { ...result, outcome: { ok: false, error: deadline.reason } } : result;
  } finally {
    setDeadline(null);
  }
}
