/** A file that could not be read, with the reason: identified by its bytes when they can be read. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { formatOfPath } from '../extract/formats.js';
import type { FileResult } from '../store/write.js';

export async function unreadFile(file: string, reason: string): Promise<FileResult> {
  const bytes = await readFile(file).catch(() => null);
  return {
    path: file,
    sha256: bytes ? createHash('sha256').update(bytes).digest('hex') : '',
    sizeBytes: bytes?.length ?? 0,
    format: formatOfPath(file),
    outcome: { ok: false, error: reason },
  };
}
