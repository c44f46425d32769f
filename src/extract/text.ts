/** Text helpers shared by the extractors (and the parser, which comes after them). */

/**
 * How many bytes of a large part to turn into one string at a time. V8 allocates a string over
 * 128 KB in its large-object space, page by page: on this machine a 474 KB document.xml took 2.7 ms
 * to decode whole and 0.5 ms in 64 KB pieces.
 */
export const STRING_CHUNK_BYTES = 64 * 1024;

/** UTF-8 bytes → strings of at most STRING_CHUNK_BYTES bytes each, a character cut at a boundary kept whole. */
export function* utf8Chunks(bytes: Uint8Array): Generator<string> {
  const decoder = new TextDecoder();
  for (let at = 0; at < bytes.length; at += STRING_CHUNK_BYTES) yield decoder.decode(bytes.subarray(at, at + STRING_CHUNK_BYTES), { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

const ASCII_END = /[A-Za-z0-9]$/;
const ASCII_START = /^[A-Za-z0-9]/;

/**
 * Lines that wrapped, joined back: nothing between Chinese text (a space there would split words for
 * search), one space between Latin words.
 */
export function joinWrappedLines(lines: string[]): string {
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    text += text && ASCII_END.test(text) && ASCII_START.test(line) ? ` ${line}` : line;
  }
  return text;
}
