/**
 * Writing an output file whole or not at all: into a temporary file beside it, renamed over the
 * target only once everything is written. A failed export (a mistyped table name, a full disk, a
 * kill) leaves an existing file as it was, and never a half-written one.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
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

/**
 * The same for a folder: `fill` writes into a temporary folder beside `target`, renamed to `target`
 * once everything is in it. A folder already at `target` is replaced only when `replaceable` says it
 * may be (an earlier export), or when it is empty: a user's folder of other files is never removed. A
 * failed or killed export leaves `target` as it was; a killed one leaves its temporary folder
 * (`.NAME.PID.tmp`) beside it.
 */
export async function writeFolderAtomically<T>(target: string, fill: (folder: string) => Promise<T>, replaceable: (folder: string) => boolean): Promise<T> {
  const resolved = path.resolve(target);
  const existing = await stat(resolved).catch(() => null);
  if (existing && !existing.isDirectory()) throw new Error(`${target}: exists and is not a folder`);
  if (existing && (await readdir(resolved)).length > 0 && !replaceable(resolved)) {
    throw new Error(`${target}: the folder holds other files; give a new or empty folder, or an earlier export to replace`);
  }
  const parent = path.dirname(resolved);
  await mkdir(parent, { recursive: true });
  const temporary = path.join(parent, `.${path.basename(resolved)}.${process.pid}.tmp`);
  const previous = path.join(parent, `.${path.basename(resolved)}.${process.pid}.old`);
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary);
  try {
    const result = await fill(temporary);
    if (existing) await rename(resolved, previous);
    try {
      await rename(temporary, resolved);
    } catch (error) {
      if (existing) await rename(previous, resolved);
      throw error;
    }
    await rm(previous, { recursive: true, force: true });
    return result;
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
