/**
 * The files a batch covers: files named, and every supported file under folders named, recursively; a ZIP
 * archive stands for its members (`a.zip#dir/b.pdf`), each a document of its own.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { expandArchives } from '../extract/archive.js';
import { archiveOfPath, formatOfPath } from '../extract/formats.js';

async function walk(folder: string, found: string[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) await walk(full, found);
    else if (entry.isFile() && (formatOfPath(full) || archiveOfPath(full))) found.push(full);
  }
}

/** Whether `file` is `excluded` itself or lies under it. */
const isUnder = (file: string, excluded: string) => file === excluded || file.startsWith(`${excluded}${path.sep}`);

/**
 * Absolute paths, sorted and without repeats, leaving out every file at or under an `exclude` path.
 * A named path that does not exist is an error.
 */
export async function listFiles(paths: string[], exclude: string[] = []): Promise<string[]> {
  const excluded = exclude.map((given) => path.resolve(given));
  const found: string[] = [];
  for (const given of paths) {
    const full = path.resolve(given);
    const info = await stat(full).catch(() => null);
    if (!info) throw new Error(`no such file or folder: ${given}`);
    if (info.isDirectory()) await walk(full, found);
    else found.push(full);
  }
  return expandArchives([...new Set(found)].filter((file) => !excluded.some((e) => isUnder(file, e))).sort());
}
