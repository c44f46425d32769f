/**
 * The files a batch covers: files named, and every supported file under folders named, recursively; a ZIP
 * archive stands for its members (`a.zip#dir/b.pdf`), each a document of its own.
 * What a folder holds that is not read is accounted for, not dropped: files of unsupported formats
 * (counted by extension), and entries that are not files (a FIFO, a broken or looping link).
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { expandArchives } from '../extract/archive.js';
import { archiveOfPath, formatOfPath } from '../extract/formats.js';
import { NOT_A_REGULAR_FILE } from '../extract/errors.js';

/** An entry left out, and why. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

export interface Listing {
  /** Absolute paths to read, sorted and without repeats. */
  files: string[];
  /** Files under the folders named whose format jixiao does not read, by extension (".zip", "(none)"). */
  unsupported: Record<string, string[]>;
  /** Entries under the folders named that are not files to read: a FIFO, a broken or looping link. */
  skipped: SkippedEntry[];
  /** Paths named on the command line that cannot be read at all (a FIFO, a device): each a failure. */
  refused: SkippedEntry[];
}

const extensionOf = (file: string) => path.extname(file).toLowerCase() || '(none)';

/** Whether a stat is something to read: a regular file. */
const isReadable = (info: Stats) => info.isFile();

class Walk {
  readonly listing: Listing = { files: [], unsupported: {}, skipped: [], refused: [] };
  /** Real paths of folders entered: a link back to a folder above is a loop, followed once at most. */
  private readonly entered = new Set<string>();

  async folder(folder: string): Promise<void> {
    const real = await realpath(folder);
    if (this.entered.has(real)) {
      this.listing.skipped.push({ path: folder, reason: 'symbolic link loop: the folder is already being read' });
      return;
    }
    this.entered.add(real);
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await this.folder(full);
      else if (entry.isFile()) this.file(full);
      else if (entry.isSymbolicLink()) await this.link(full);
      else this.listing.skipped.push({ path: full, reason: NOT_A_REGULAR_FILE });
    }
  }

  /** A link is followed once: to a folder (unless it loops), or to a file, read under the link's path. */
  private async link(full: string): Promise<void> {
    const target = await stat(full).catch(() => null);
    if (!target) this.listing.skipped.push({ path: full, reason: 'broken symbolic link' });
    else if (target.isDirectory()) await this.folder(full);
    else if (isReadable(target)) this.file(full);
    else this.listing.skipped.push({ path: full, reason: NOT_A_REGULAR_FILE });
  }

  private file(full: string): void {
    if (formatOfPath(full) || archiveOfPath(full)?.readable) this.listing.files.push(full);
    else (this.listing.unsupported[extensionOf(full)] ??= []).push(full);
  }
}

/** Whether `file` is `excluded` itself or lies under it. */
const isUnder = (file: string, excluded: string) => file === excluded || file.startsWith(`${excluded}${path.sep}`);

/**
 * Everything the paths given cover, leaving out every file at or under an `exclude` path. A named
 * path that does not exist is an error; a named file is read whatever its extension says (its bytes
 * decide its format), unless it is not a regular file.
 */
export async function listBatch(paths: string[], exclude: string[] = []): Promise<Listing> {
  const excluded = exclude.map((given) => path.resolve(given));
  const keep = (file: string) => !excluded.some((e) => isUnder(file, e));
  const walk = new Walk();
  const named: string[] = [];
  for (const given of paths) {
    const full = path.resolve(given);
    const info = await stat(full).catch(() => null);
    if (!info) throw new Error(`no such file or folder: ${given}`);
    if (info.isDirectory()) await walk.folder(full);
    else if (isReadable(info)) named.push(full);
    else walk.listing.refused.push({ path: full, reason: NOT_A_REGULAR_FILE });
  }
  const { listing } = walk;
  return {
    files: await expandArchives([...new Set([...listing.files, ...named])].filter(keep).sort()),
    unsupported: Object.fromEntries(
      Object.entries(listing.unsupported)
        .map(([extension, files]): [string, string[]] => [extension, files.filter(keep).sort()])
        .filter(([, files]) => files.length)
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
    skipped: listing.skipped.filter((s) => keep(s.path)),
    refused: listing.refused.filter((s) => keep(s.path)),
  };
}

/** Absolute paths of the files to read, sorted and without repeats (see listBatch). */
export async function listFiles(paths: string[], exclude: string[] = []): Promise<string[]> {
  return (await listBatch(paths, exclude)).files;
}
