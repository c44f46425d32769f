/**
 * Writing an output file whole or not at all: into a temporary file beside it, renamed over the
 * target only once everything is written. A failed export (a mistyped table name, a full disk, a
 * kill) leaves an existing file as it was, and never a half-written one.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Calls `write` with a function that writes to the temporary file; renames it to `target` when all went well. */
export async function writeFileAtomically(target: string, write: (chunk: (text: string) => void) => void | Promise<void>): Promise<void> {
  const temporary = path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.${process.pid}.tmp`);
  const stream = createWriteStream(temporary);
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
  });
  try {
    await write((text) => stream.write(text));
    stream.end();
    await finished;
    await rename(temporary, target);
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}
