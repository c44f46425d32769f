/**
 * ZIP archives of reports (a department's reports published as one 附件.zip): each member a document
 * of its own, named `archive.zip#folder/member.pdf`. Members are inflated one at a time through the
 * same unpack limits as DOCX and XLSX, each with the whole budget, so one oversized member fails alone.
 * Names made on Chinese Windows are GBK without the UTF-8 flag and are decoded as such. A member's
 * name is only ever a name: nothing is written to disk, so `../../x.pdf` is harmless.
 */
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { errorReason, UnreadableFileError } from './errors.js';
import { readBytes } from './index.js';
import { archiveOfPath, contentOfBytes, formatOfPath, skippedFormatOfPath } from './formats.js';
import type { Format } from './model.js';
import { unzipEntryLimited, zipEntries, type UnpackLimits, type ZipEntry } from './unpack/index.js';

/** Bytes as UTF-8 when they are valid UTF-8, else as GB18030 (a superset of GBK and GB2312). */
export function decodeNameBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), 'gb18030');
  }
}

export type ArchiveMember = { name: string; format: Format; bytes: Uint8Array } | { name: string; failure: string } | { name: string; skipped: string };

/** A member's name as its maker wrote it: UTF-8 when flagged, else UTF-8 if valid, else GBK. */
export function memberName(entry: ZipEntry): string {
  return entry.utf8 ? entry.name : decodeNameBytes(entry.rawName);
}

/** The member's own file name, without the folders inside the archive. */
export const memberFileName = (name: string) => name.split(/[\\/]/).filter(Boolean).pop() ?? name;

/** Where a member lives: the archive's address (a URL or a path) and the member's name after `#`. */
export const memberAddress = (archive: string, name: string) => `${archive}#${name}`;

/** A member named as a report format, or with no extension (its bytes then tell); not one named as something else (an image …). */
const mayHoldReport = (name: string) => formatOfPath(name) !== null || !/\.[^.]+$/.test(memberFileName(name));

/** One member read (inflated under the limits and its format settled), skipped with a reason, or null when it is no report (an image …). */
function readMember(bytes: Uint8Array, entry: ZipEntry, limits: UnpackLimits): ArchiveMember | null {
  if (entry.name.endsWith('/') || entry.name.endsWith('\\')) return null;
  const name = memberName(entry);
  const skipped = skippedFormatOfPath(name);
  if (skipped) return { name, skipped };
  if (archiveOfPath(name)) return { name, skipped: 'an archive inside an archive is not opened' };
  // A member named as something else (an image, a style sheet) is not inflated at all.
  if (!mayHoldReport(name)) return null;
  const named = formatOfPath(name);
  let inflated: Uint8Array;
  try {
    inflated = unzipEntryLimited(bytes, entry, limits);
  } catch (error) {
    return named ? { name, failure: errorReason(error) } : null;
  }
  const sniffed = contentOfBytes(inflated);
  const format = sniffed && sniffed !== 'zip' && sniffed !== 'html' ? sniffed : named;
  return format ? { name, format, bytes: inflated } : null;
}

/** The report members of a ZIP archive, read under the limits; other members (images …) are left out. */
export function archiveMembers(bytes: Uint8Array, limits: UnpackLimits): ArchiveMember[] {
  return zipEntries(bytes)
    .map((entry) => readMember(bytes, entry, limits))
    .filter((member): member is ArchiveMember => member !== null);
}

/** The names of the members worth reading as documents (report formats by name, or no extension), without inflating any. */
export function memberNames(bytes: Uint8Array): string[] {
  return zipEntries(bytes)
    .filter((entry) => !entry.name.endsWith('/'))
    .map(memberName)
    .filter(mayHoldReport);
}

/** One member by name; an error names what is wrong (no such member, over the limits, damaged). */
export function archiveMember(bytes: Uint8Array, name: string, limits: UnpackLimits): { format: Format; bytes: Uint8Array } {
  const entry = zipEntries(bytes).find((e) => memberName(e) === name);
  if (!entry) throw new UnreadableFileError(`no member "${name}" in the archive`);
  const member = readMember(bytes, entry, limits);
  if (!member) throw new UnreadableFileError(`"${name}" is not a report format`);
  if ('failure' in member) throw new UnreadableFileError(member.failure);
  if ('skipped' in member) throw new UnreadableFileError(member.skipped);
  return member;
}

/** A local member's address split into the archive's path and the member's name, or null for an ordinary path. */
export function splitMemberAddress(address: string): { archive: string; name: string } | null {
  const match = /^(.*?\.zip)#(.+)$/i.exec(address);
  return match ? { archive: match[1], name: match[2] } : null;
}

/**
 * Local files for a batch with every readable ZIP replaced by its members' addresses (`a.zip#dir/b.pdf`).
 * An archive that cannot be listed stays as it is: reading it then fails with the reason.
 */
export async function expandArchives(files: string[]): Promise<string[]> {
  const expanded: string[] = [];
  for (const file of files) {
    if (!archiveOfPath(file)) {
      expanded.push(file);
      continue;
    }
    try {
      const names = memberNames(new Uint8Array(await readFile(file)));
      expanded.push(...(names.length ? names.map((name) => memberAddress(file, name)) : [file]));
    } catch {
      expanded.push(file);
    }
  }
  return expanded;
}

/**
 * The archive last read, kept while its members are asked for one after another (a batch lists an
 * archive's members together): one reading of the archive serves them all, where each member read
 * the whole archive again. Any other file read, or a few idle seconds, lets it go, so an archive is
 * not held beside the next file's reading; a changed file (size, times, inode) is read again.
 */
const KEEP_IDLE_MS = 2000;
let keptArchive: { path: string; stamp: string; bytes: Uint8Array } | null = null;
let letGo: ReturnType<typeof setTimeout> | undefined;

const stampOf = (info: Stats) => `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;

function forgetArchive(): void {
  keptArchive = null;
  clearTimeout(letGo);
}

async function archiveBytes(archive: string): Promise<Uint8Array> {
  const info = await stat(archive).catch(() => null);
  const stamp = info?.isFile() ? stampOf(info) : null;
  if (!(keptArchive && stamp && keptArchive.path === archive && keptArchive.stamp === stamp)) {
    forgetArchive();
    const bytes = await readBytes(archive);
    if (!stamp) return bytes;
    keptArchive = { path: archive, stamp, bytes };
  }
  clearTimeout(letGo);
  letGo = setTimeout(forgetArchive, KEEP_IDLE_MS).unref();
  return keptArchive.bytes;
}

/** A local file's bytes and format; for a member's address, the member's, read under the limits. */
export async function readSource(file: string, limits: UnpackLimits): Promise<{ bytes: Uint8Array; format: Format | null }> {
  const member = splitMemberAddress(file);
  if (member) return archiveMember(await archiveBytes(member.archive), member.name, limits);
  forgetArchive();
  const archive = archiveOfPath(file) ? file : null;
  const bytes = await readBytes(file);
  if (archive) {
    const readable = archiveOfPath(archive);
    if (readable && !readable.readable) throw new UnreadableFileError(readable.reason);
    try {
      memberNames(bytes);
    } catch (error) {
      throw new UnreadableFileError(`a ZIP archive that cannot be read: ${errorReason(error)}`);
    }
    throw new UnreadableFileError('a ZIP archive holding no report');
  }
  return { bytes, format: formatOfPath(file) };
}

/**
 * The bytes that identify a local file for a batch's "seen before" check: a member's own bytes, so a
 * report inside an archive and the same report outside it are one document. A member that cannot be
 * read is identified by its archive's bytes and its name, so reading it reports why.
 */
export async function identityBytes(file: string, limits: UnpackLimits): Promise<Uint8Array> {
  const member = splitMemberAddress(file);
  if (!member) return new Uint8Array(await readFile(file));
  const archive = await archiveBytes(member.archive);
  try {
    return archiveMember(archive, member.name, limits).bytes;
  } catch {
    return new Uint8Array(Buffer.concat([archive, Buffer.from(`#${member.name}`)]));
  }
}
