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

/** Why a FIFO, a device or a socket is not read: a FIFO waits for a writer for ever, /dev/zero never ends. */
export const NOT_A_REGULAR_FILE = 'not a regular file (a FIFO, device or socket): only files are read';

/** The first line of an error, for one-line reports; never a stack trace. */
export function errorReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim() || 'unknown error';
}

/**
 * What JavaScript itself says when a reader library trips over bytes it did not expect: words about
 * the reader's code, not about the file. A reason holding one is replaced by ours.
 */
const ENGINE_MESSAGES = [
  /cannot read propert(y|ies) of (undefined|null)/i,
  /cannot set propert(y|ies) of (undefined|null)/i,
  /is not a function/i,
  /is not iterable/i,
  /is not defined/i,
  /is not a constructor/i,
  /invalid array length/i,
  /invalid typed array length/i,
  /maximum call stack size exceeded/i,
  /offset is outside the bounds/i,
  /out of (range|bounds)/i,
  /unexpected end of (json|data)/i,
  /undefined is not an object/i,
  /^\w*Error: /,
];

export const isEngineMessage = (text: string) => ENGINE_MESSAGES.some((pattern) => pattern.test(text));

/**
 * A reason in our words: a JavaScript message from a reader (`damaged workbook: Cannot read
 * properties of undefined (reading 'L')`) keeps its prefix and loses the engine's words.
 */
export function plainReason(reason: string, format: string | null = null): string {
  if (!isEngineMessage(reason)) return reason;
  const prefix = /^(damaged [^:]+):/.exec(reason)?.[1] ?? `damaged ${format ? format.toUpperCase() : 'file'}`;
  return `${prefix}: its structure is broken where the reader expected more data`;
}

/**
 * Why a file was not read, as one word a batch groups failures by (the documents.error_kind column):
 * each kind with the reasons that mean it. The first kind whose pattern matches wins.
 */
export const ERROR_KINDS = [
  { kind: 'encrypted', means: 'a password is needed to open it', patterns: [/password required/, /\bencrypted\b/] },
  {
    kind: 'too_large',
    means: 'it unpacks to more than --max-unpacked, or is larger than a file may be (or than the crawl fetches)',
    patterns: [/too large/, /larger than/, /over the \d+-byte cap/],
  },
  { kind: 'timeout', means: 'reading took longer than --file-timeout', patterns: [/took longer than/] },
  { kind: 'memory', means: "reading needed more memory than the reading worker's limit", patterns: [/of memory/] },
  { kind: 'no_text_layer', means: 'a scan with OCR turned off (--no-ocr)', patterns: [/no text layer/] },
  { kind: 'unsupported', means: 'a format jixiao does not read', patterns: [/unsupported file type/, /not a regular file/] },
  {
    kind: 'not_a_report',
    means: 'a page or file that holds no report (an HTML error page served as a PDF)',
    patterns: [/not a report/, /^an HTML page came back where/, /holding no report/, /^no report section found/],
  },
  { kind: 'empty', means: 'the file (or the answer to a crawl request) has no bytes', patterns: [/^empty file/, /^empty response/] },
  { kind: 'unreadable', means: 'the file system refused it (gone, no permission)', patterns: [/^no such file/, /^cannot read/, /^is a directory/] },
  {
    kind: 'redirect',
    means: 'a crawled address led where the crawl does not go: a redirect loop, off the site, a link the page sends readers to off the site',
    patterns: [/redirect loop/, /more than \d+ redirects/, /\bredirected to\b/, /^HTTP 3\d\d\b.*(without a Location|no URL)/, /^the page sends readers to/],
  },
  {
    kind: 'http_status',
    means: 'a crawled address answered with an error status (a not-found page served with 200 included)',
    patterns: [/^HTTP \d{3}/, /\bstatus \d{3}\b/, /answered HTTP \d{3}/, /answered with HTTP 200/],
  },
  {
    kind: 'network',
    means: 'a crawled address could not be fetched (DNS, connection, TLS, timeout)',
    patterns: [
      /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN)\b/,
      /timed out: no complete response/,
      /could not connect within/,
      /no such host/,
      /network|connect|socket|certificate|TLS/i,
    ],
  },
  { kind: 'internal', means: 'a fault in jixiao itself: please report it with the file', patterns: [/^internal error/, /^not stored by an earlier run/] },
  {
    kind: 'damaged',
    means: 'the bytes are not a valid file of their format (truncated, corrupt, wrong format)',
    patterns: [/damaged|not an? .*(file|workbook)|broken|invalid|corrupt/i],
  },
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number]['kind'];

/** The kind of a failure reason: `damaged` when no other kind claims it (a reader's own complaint). */
export function errorKind(reason: string): ErrorKind {
  return ERROR_KINDS.find(({ patterns }) => patterns.some((p: RegExp) => p.test(reason)))?.kind ?? 'damaged';
}

/** Failures counted by kind, most first, then by name: a batch's summary (ingest, crawl). */
export function countByKind(failures: { kind: string }[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const { kind } of failures) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
