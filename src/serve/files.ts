/**
 * The original files, served only from where the database says they were read, and only when the
 * bytes there are still the bytes that were read. The browser names a document by its id, never a
 * path. A stored path with a `..` segment, a path that is not absolute, a last component that has
 * become a symbolic link leading elsewhere, or a file whose size or SHA-256 no longer matches, is
 * refused: so a link planted after ingest cannot make the desk serve anything else.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
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

/** The bytes of a document from the first of its stored paths that still holds them, or null. */
export function readStoredFile(file: StoredFile): Buffer | null {
  for (const stored of file.paths) {
    if (unsafePath(stored)) continue;
    const real = realLocation(stored);
    if (!real) continue;
    const stat = statSync(real, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size !== file.sizeBytes) continue;
    const known = verified.get(stored);
    const bytes = readFileSync(real);
    if (known && known.real === real && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return bytes;
    if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) continue;
    verified.set(stored, { size: stat.size, mtimeMs: stat.mtimeMs, real });
    return bytes;
  }
  return null;
}
