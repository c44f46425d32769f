/** The worker-thread side of a batch: one task in, one file's result out. */
import type { FileResult } from '../store/write.js';
import type { Format } from '../extract/model.js';
import { readBytesForStore, readForStore, rereadStoredModel } from './read.js';

export type Task =
  | { kind: 'file'; path: string }
  /** A stored document whose file is gone, re-read from its stored model. */
  | { kind: 'stored'; modelGzip: Uint8Array; source: FileResult }
  /** Bytes fetched by the crawler, read as `format`; `name` (the URL) becomes the document's path. */
  | { kind: 'bytes'; name: string; bytes: Uint8Array; format: Format | null };

export default async function runTask(task: Task): Promise<FileResult> {
  if (task.kind === 'bytes') return readBytesForStore(task.name, task.bytes, task.format);
  return task.kind === 'file' ? readForStore(task.path) : rereadStoredModel(task.modelGzip, task.source);
}
