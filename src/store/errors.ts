/**
 * Errors of the database file, kept apart from db.ts so the command line can recognise them without
 * loading SQLite (`--help` loads no native module).
 */
import { existsSync } from 'node:fs';

/** A database that cannot be opened, read or written: the message names the file. */
export class StoreError extends Error {
  /** SQLite's or the file system's code of the cause (SQLITE_FULL, EACCES …), so callers can tell a full disk. */
  readonly code?: string;

  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`${file}: ${storeReason(file, cause)}`, { cause });
    this.name = 'StoreError';
    const code = (cause as { code?: unknown } | null)?.code;
    if (typeof code === 'string') this.code = code;
  }
}

function storeReason(file: string, cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/directory does not exist|unable to open database file/i.test(message) && !existsSync(file))
    return 'no such database (run jixiao ingest or crawl first, or give --db)';
  return message.split('\n')[0];
}

/** An error from SQLite itself (as opposed to one of jixiao's own): its message should name the file. */
export function isDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof StoreError || (typeof code === 'string' && code.startsWith('SQLITE_')) || (error as Error | null)?.name === 'SqliteError';
}
