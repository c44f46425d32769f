/**
 * A file that cannot be read as a report. The message is the reason alone, in words a user can act
 * on ("password required", "not a DOCX file"); the CLI and the batch ingest add the file name.
 */
export class UnreadableFileError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnreadableFileError';
  }
}

/** The first line of an error, for one-line reports; never a stack trace. */
export function errorReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim() || 'unknown error';
}
