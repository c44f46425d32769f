/** A task that could not be read, with the reason: identified by its bytes when they can be read. */
import { createHash } from 'node:crypto';
import { formatOfPath } from '../extract/formats.js';
import { readBytes } from '../extract/index.js';
import type { FileResult } from '../store/write.js';
import type { Task } from './worker.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function unreadFile(file: string, reason: string): Promise<FileResult> {
  // readBytes, not readFile: a file that is not a regular file must not be waited on here either.
  const bytes = await readBytes(file).catch(() => null);
  return {
    path: file,
    sha256: bytes ? sha256(bytes) : '',
    sizeBytes: bytes?.length ?? 0,
    format: formatOfPath(file),
    outcome: { ok: false, error: reason },
  };
}

export async function unreadTask(task: Task, reason: string): Promise<FileResult> {
  const outcome = { ok: false as const, error: reason };
  switch (task.kind) {
    case 'file':
      return unreadFile(task.path, reason);
    case 'bytes':
      return { path: task.name, sha256: sha256(task.bytes), sizeBytes: task.bytes.length, format: task.format, outcome };
    case 'stored':
      return { ...task.source, outcome };
  }
}
