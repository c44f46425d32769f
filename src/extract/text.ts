/** Text helpers shared by the extractors (and the parser, which comes after them). */

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
