/**
 * The time and memory one file may take. A nightly crawl reads whatever a site serves: a file that
 * spins or swells must cost one failed row, not the batch. A reading worker past its time is
 * terminated, one past its heap limit dies; either way it is replaced and the file is recorded as
 * failed with the reason.
 */
import { DEFAULT_UNPACK_LIMITS, type UnpackLimits } from '../extract/unpack/limits.js';

export interface FileLimits {
  /** Seconds one file may take to read. */
  timeoutSeconds: number;
  /** V8 old-generation heap of a reading worker, in MB. */
  heapMb: number;
  unpack: UnpackLimits;
}

export const DEFAULT_FILE_TIMEOUT_SECONDS = 120;

/**
 * Twice the peak of the largest real PDF read so far, and well under what two workers may take on a
 * small machine: a file past it is hostile or broken, not big.
 */
export const DEFAULT_HEAP_MB = 1024;

export const DEFAULT_FILE_LIMITS: FileLimits = { timeoutSeconds: DEFAULT_FILE_TIMEOUT_SECONDS, heapMb: DEFAULT_HEAP_MB, unpack: DEFAULT_UNPACK_LIMITS };

export const timeoutReason = (limits: FileLimits) => `took longer than ${limits.timeoutSeconds} s (--file-timeout)`;

/** Why a worker was stopped, in the words a summary row and stderr show; null for any other error. */
export function limitReason(error: unknown, limits: FileLimits): string | null {
  const { name, code } = error as { name?: string; code?: string };
  if (name === 'AbortError') return timeoutReason(limits);
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return `needed more than ${limits.heapMb} MB of memory (the reading worker's heap limit)`;
  return null;
}
