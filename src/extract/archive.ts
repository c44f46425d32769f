/**
 * ZIP archives of reports (a department's reports published as one 附件.zip): each member a document
 * of its own, named `archive.zip#folder/member.pdf`. Members are inflated one at a time through the
 * same unpack limits as DOCX and XLSX, each with the whole budget, so one oversized member fails alone.
 * Names made on Chinese Windows are GBK without the UTF-8 flag and are decoded as such. A member's
 * name is only ever a name: nothing is written to disk, so `../../x.pdf` is harmless.
 */
import iconv from 'iconv-lite';
import { errorReason } from './errors.js';
import { archiveOfPath, formatOfBytes, formatOfPath, skippedFormatOfPath } from './formats.js';
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

export type ArchiveMember =
  | { name: string; format: Format; bytes: Uint8Array }
  | { name: string; failure: string }
  | { name: string; skipped: string };

/** A member's name as its maker wrote it: UTF-8 when flagged, else UTF-8 if valid, else GBK. */
export function memberName(entry: ZipEntry): string {
  return entry.utf8 ? entry.name : decodeNameBytes(entry.rawName);
}

/** The member's own file name, without the folders inside the archive. */
export const memberFileName = (name: string) => name.split(/[\\/]/).filter(Boolean).pop() ?? name;

/** Where a member lives: the archive's address (a URL or a path) and the member's name after `#`. */
export const memberAddress = (archive: string, name: string) => `${archive}#${name}`;

/** The report members of a ZIP archive, read under the limits; other members (images …) are left out. */
export function archiveMembers(bytes: Uint8Array, limits: UnpackLimits): ArchiveMember[] {
  const members: ArchiveMember[] = [];
  for (const entry of zipEntries(bytes)) {
    if (entry.name.endsWith('/') || entry.name.endsWith('\\')) continue;
    const name = memberName(entry);
    const skipped = skippedFormatOfPath(name);
    if (skipped) {
      members.push({ name, skipped });
      continue;
    }
    if (archiveOfPath(name)) {
      members.push({ name, skipped: 'an archive inside an archive is not opened' });
      continue;
    }
    const named = formatOfPath(name);
    // A member named as something else (an image, a style sheet) is not inflated at all.
    if (!named && /\.[^.]+$/.test(memberFileName(name))) continue;
    let inflated: Uint8Array;
    try {
      inflated = unzipEntryLimited(bytes, entry, limits);
    } catch (error) {
      if (named) members.push({ name, failure: errorReason(error) });
      continue;
    }
    const sniffed = formatOfBytes(inflated);
    const format = sniffed && sniffed !== 'zip' && sniffed !== 'html' ? sniffed : named;
    if (format) members.push({ name, format, bytes: inflated });
  }
  return members;
}
