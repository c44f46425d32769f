/**
 * Which format a file is, by its extension (its own module: listing files needs it without loading any
 * reader). WPS Office's own extensions are the Microsoft formats underneath: .et/.ett hold XLS bytes,
 * .wps/.wpt DOC bytes. Archives are containers of reports, read member by member (archive.ts);
 * presentations are known so that they are skipped with a reason rather than silently.
 */
import path from 'node:path';
import type { Format } from './model.js';
import { formatOfBytes, sniffContainer } from './sniff.js';

const EXTENSION_FORMATS: Record<string, Format> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.html': 'html',
  '.htm': 'html',
  '.shtml': 'html',
  '.xhtml': 'html',
  '.docx': 'docx',
  '.pdf': 'pdf',
  '.doc': 'doc',
  '.wps': 'doc',
  '.wpt': 'doc',
  '.xlsx': 'xlsx',
  '.xls': 'xls',
  '.et': 'xls',
  '.ett': 'xls',
};

/** Archives read member by member; the value says whether jixiao can open it, and if not, why. */
const ARCHIVE_EXTENSIONS: Record<string, string | null> = {
  '.zip': null,
  '.rar': 'RAR archives are not read (no maintained npm reader that keeps to the unpack limits)',
  '.7z': '7z archives are not read (no maintained npm reader that keeps to the unpack limits)',
};

/** Formats that are not reports: a file of this kind is skipped, with this reason. */
const SKIPPED_EXTENSIONS: Record<string, string> = {
  '.dps': 'a WPS presentation (.dps): slides are not read',
  '.ppt': 'a presentation (.ppt): slides are not read',
  '.pptx': 'a presentation (.pptx): slides are not read',
};

const extensionOf = (file: string) => path.extname(file).toLowerCase();

export function formatOfPath(file: string): Format | null {
  return EXTENSION_FORMATS[extensionOf(file)] ?? null;
}

/** 'zip' for an archive jixiao reads, a reason for one it cannot, null for no archive. */
export function archiveOfPath(file: string): { readable: true } | { readable: false; reason: string } | null {
  const extension = extensionOf(file);
  if (!(extension in ARCHIVE_EXTENSIONS)) return null;
  const reason = ARCHIVE_EXTENSIONS[extension];
  return reason === null ? { readable: true } : { readable: false, reason };
}

/** Why a file of this name is skipped (a presentation), or null. */
export function skippedFormatOfPath(file: string): string | null {
  return SKIPPED_EXTENSIONS[extensionOf(file)] ?? null;
}

/** Whether a name's extension is one jixiao knows: a report format, an archive, or a format it skips with a reason. */
export function isKnownFileName(file: string): boolean {
  return formatOfPath(file) !== null || archiveOfPath(file) !== null || skippedFormatOfPath(file) !== null;
}

/** Why a file of this name is not read at all (a presentation, a RAR or 7z archive), or null. */
export function notReadReason(file: string): string | null {
  const archive = archiveOfPath(file);
  return skippedFormatOfPath(file) ?? (archive && !archive.readable ? archive.reason : null);
}

/** Every extension that names a file a crawl fetches as a possible report (the dot left out). */
export const REPORT_FILE_EXTENSIONS: readonly string[] = [
  ...Object.keys(EXTENSION_FORMATS).filter((e) => !['.html', '.htm', '.shtml', '.xhtml', '.txt', '.text'].includes(e)),
  ...Object.keys(ARCHIVE_EXTENSIONS),
  ...Object.keys(SKIPPED_EXTENSIONS),
].map((e) => e.slice(1));

/**
 * What bytes are, where names and headers are silent or wrong: the format sniff.ts reads in them, or
 * 'zip' for a ZIP that holds no office document (an archive of reports).
 */
export function contentOfBytes(bytes: Uint8Array): Format | 'zip' | null {
  return formatOfBytes(bytes, null) ?? (sniffContainer(bytes) === 'zip' ? 'zip' : null);
}
