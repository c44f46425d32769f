/**
 * The original files, served only from where the database says they were read, and only when the
 * bytes there are still the bytes that were read. The browser names a document by its id, never a
 * path. A stored path with a `..` segment, a path that is not absolute, a last component that has
 * become a symbolic link leading elsewhere, or a file whose size or SHA-256 no longer matches, is
 * refused: so a link planted after ingest cannot make the desk serve anything else.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { StoredFile } from '../store/desk.js';

/** Why a stored path cannot be served, or null when it can. */
export function unsafePath(stored: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(stored)) return 'a web address, not a file';
  if (!path.isAbsolute(stored)) return 'not an absolute path';
  if (stored.split(/[\\/]/).includes('..')) return 'a path with ..';
  return null;
}

/** The real location of a stored path when its last component is not a link out of its folder; else null. */
function realLocation(stored: string): string | null {
  try {
    const folder = realpathSync(path.dirname(stored));
    const real = realpathSync(stored);
    return real === path.join(folder, path.basename(stored)) ? real : null;
  } catch {
    return null;
  }
}

interface Verified {
  size: number;
  mtimeMs: number;
  real: string;
}

/** Files already hashed, by stored path: hashed again only when their size or time changes. */
const verified = new Map<string, Verified>();

/** A stored path's real file when it is safe to serve and has the document's size; how it stood when last verified. */
function located(stored: string, file: StoredFile): { real: string; stat: Stats; unchanged: boolean } | null {
  if (unsafePath(stored)) return null;
  const real = realLocation(stored);
  if (!real) return null;
  const stat = statSync(real, { throwIfNoEntry: false });
  if (!stat?.isFile() || stat.size !== file.sizeBytes) return null;
  const known = verified.get(stored);
  return { real, stat, unchanged: Boolean(known && known.real === real && known.size === stat.size && known.mtimeMs === stat.mtimeMs) };
}

/** The bytes of a document from the first of its stored paths that still holds them, or null. */
export function readStoredFile(file: StoredFile): Buffer | null {
  for (const stored of file.paths) {
    const found = located(stored, file);
    if (!found) continue;
    const bytes = readFileSync(found.real);
    if (found.unchanged) return bytes;
    if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) continue;
    verified.set(stored, { size: found.stat.size, mtimeMs: found.stat.mtimeMs, real: found.real });
    return bytes;
  }
  return null;
}

/** Whether a document's bytes are still at one of its paths: without reading them when that path was verified and has not changed. */
export function storedFileFound(file: StoredFile): boolean {
  return file.paths.some((stored) => located(stored, file)?.unchanged) || readStoredFile(file) !== null;
}
