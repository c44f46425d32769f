/** The worker-thread side of a batch: one task in, one file's result out. */
import { isMainThread } from 'node:worker_threads';
import type { ExtractOptions } from '../extract/index.js';
import type { FileResult } from '../store/write.js';
import { silenceThisThread } from './quiet.js';
import { readForStore, rereadStoredModel } from './read.js';

// This module also runs tasks in the main thread (inProcessRunner), whose console stays as it is.
if (!isMainThread) silenceThisThread();

export type Task =
  | { kind: 'file'; path: string; options?: ExtractOptions }
  /** A stored document whose file is gone, re-read from its stored model. */
  | { kind: 'stored'; modelGzip: Uint8Array; source: FileResult };

export default async function runTask(task: Task): Promise<FileResult> {
  return task.kind === 'file' ? readForStore(task.path, task.options) : rereadStoredModel(task.modelGzip, task.source);
}
