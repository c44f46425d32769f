/**
 * How far a container may unpack. A crawled file is whatever a site serves: a 1.5 MB DOCX can hold
 * a document.xml of 1.5 GB, and a workbook with a few flipped bits can declare sizes in gigabytes.
 * Every ZIP and OLE reader goes through this folder, which checks declared sizes before anything is
 * inflated and counts the bytes actually inflated, stopping at the limit.
 */
import { UnreadableFileError } from '../errors.js';

export const MB = 1024 * 1024;

export interface UnpackLimits {
  /** Bytes a file may unpack to, all its parts together. */
  maxUnpackedBytes: number;
}

export const DEFAULT_MAX_UNPACKED_MB = 256;
export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxUnpackedBytes: DEFAULT_MAX_UNPACKED_MB * MB };

/**
 * One ZIP entry may unpack to at most this many times its compressed size. DEFLATE cannot exceed
 * about 1,030:1; real office XML compresses 5–50:1, and a sheet of repeated empty styled cells
 * reaches a few hundred. Entries below RATIO_FLOOR are exempt: tiny parts compress oddly and cannot
 * hurt.
 */
export const MAX_ENTRY_RATIO = 500;
export const RATIO_FLOOR = 4 * MB;

export const megabytes = (bytes: number) => (bytes / MB >= 10 ? Math.round(bytes / MB).toLocaleString('en-US') : (bytes / MB).toFixed(1));

/** `unpacked` is what was declared, or (`atLeast`) where inflating was stopped. */
export function tooLarge(unpacked: number, limits: UnpackLimits, atLeast = false): UnreadableFileError {
  const size = `${atLeast ? 'more than ' : ''}${megabytes(unpacked)} MB`;
  return new UnreadableFileError(`too large when unpacked (${size}, limit ${megabytes(limits.maxUnpackedBytes)} MB)`);
}

export function tooCompressed(entry: string, ratio: number): UnreadableFileError {
  return new UnreadableFileError(
    `too large when unpacked (${entry}: ${Math.round(ratio).toLocaleString('en-US')}× its compressed size, limit ${MAX_ENTRY_RATIO}×)`,
  );
}
