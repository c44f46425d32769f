/** The worker-thread side of a batch: one task in, one file's result out. */
import type { FileResult } from '../store/write.js';
import { readForStore, rereadStoredModel } from './read.js';

export type Task =
  | { kind: 'file'; path: string; ocr: boolean }
  /** A stored document whose file is gone, re-read from its stored model. */
  | { kind: 'stored'; modelGzip: Uint8Array; source: FileResult };

export default async function runTask(task: Task): Promise<FileResult> {
  return task.kind === 'file' ? readForStore(task.path, { ocr: task.ocr }) : rereadStoredModel(task.modelGzip, task.source);
}
