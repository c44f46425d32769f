/**
 * Bytes → text for formats that do not say their encoding reliably (HTML pages, text dumps).
 * Chinese government pages are often GBK or GB18030 while declaring gb2312, or declare nothing.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** GB2312 and GBK are subsets of GB18030: decoding with the superset never loses a character. */
const ENCODING_ALIASES: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'iso-8859-1': 'windows-1252',
  ascii: 'utf-8',
  'us-ascii': 'utf-8',
};

function canonicalEncoding(name: string): string {
  const lower = name.trim().toLowerCase();
  return ENCODING_ALIASES[lower] ?? lower;
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** The charset an HTML page declares in its first few kilobytes, if any. */
function declaredHtmlEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return match ? match[1] : null;
}

/** The bytes as UTF-8 text, or null when they are not valid UTF-8. */
function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeAs(bytes: Uint8Array, encoding: string): string {
  const name = canonicalEncoding(encoding);
  const text = iconv.encodingExists(name) ? iconv.decode(Buffer.from(bytes), name) : Buffer.from(bytes).toString('utf8');
  return text.replace(/^\uFEFF/, '');
}

const isAscii = (line: Uint8Array) => line.every((b) => b < 0x80);
/** Fewer UTF-8 characters than this beyond ASCII may be GBK bytes that happen to form UTF-8. */
const MIN_UTF8_CHARACTERS = 8;

/** Lines of the bytes, split at LF (never part of a GBK or UTF-8 multi-byte character), LF kept. */
function lines(bytes: Uint8Array): Uint8Array[] {
  const found: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      found.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) found.push(bytes.subarray(start));
  return found;
}

/**
 * Whether a line that is not valid UTF-8 is still mostly UTF-8 with a few damaged bytes: most of its
 * multi-byte characters decode. GBK text read as UTF-8 decodes almost none (its byte pairs rarely
 * form UTF-8 sequences), so the two are far apart.
 */
function mostlyUtf8(line: Uint8Array): boolean {
  const text = new TextDecoder('utf-8').decode(line);
  const damaged = text.match(/\uFFFD/g)?.length ?? 0;
  const multiByte = [...text].filter((ch) => ch.codePointAt(0)! >= 0x80 && ch !== '\uFFFD').length;
  return multiByte >= 4 * damaged;
}

/**
 * Text of bytes that are not valid UTF-8 as a whole but carry UTF-8 lines: a UTF-8 page with a few
 * damaged bytes, or a file pasted together from GBK and UTF-8 parts. Each line is read as UTF-8 when
 * it is (or mostly is: its damaged bytes become U+FFFD, which the reading warns about), else as
 * GB18030. Null when no line is UTF-8 beyond ASCII: a whole-file guess fits better.
 */
function utf8LinesAmongOthers(bytes: Uint8Array): string | null {
  const parts = lines(bytes);
  const decoded = parts.map((line) => {
    if (isAscii(line)) return { text: Buffer.from(line).toString('latin1'), utf8: 0 };
    const text = strictUtf8(line) ?? (mostlyUtf8(line) ? new TextDecoder('utf-8').decode(line) : null);
    if (text !== null) return { text, utf8: [...text].filter((ch) => ch.codePointAt(0)! >= 0x80).length };
    return { text: decodeAs(line, 'gb18030'), utf8: 0 };
  });
  const utf8Characters = decoded.reduce((sum, line) => sum + line.utf8, 0);
  return utf8Characters >= MIN_UTF8_CHARACTERS ? decoded.map((line) => line.text).join('') : null;
}

/**
 * Decode bytes to text: a BOM wins, then a declaration (trusted only when the bytes agree with it:
 * pages declaring UTF-8 are sometimes GBK), then valid UTF-8, then UTF-8 line by line where lines
 * are UTF-8, then statistical detection.
 */
export function decodeText(bytes: Uint8Array, { html = false } = {}): string {
  const bom = bomEncoding(bytes);
  if (bom) return decodeAs(bytes, bom);
  const declared = html ? declaredHtmlEncoding(bytes) : null;
  if (declared && canonicalEncoding(declared) !== 'utf-8') return decodeAs(bytes, declared);
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return utf8;
  const mixed = utf8LinesAmongOthers(bytes);
  if (mixed !== null) return mixed.replace(/^\uFEFF/, '');
  const detected = chardet.detect(bytes);
  // Reports are Chinese: a guess of a Latin code page on non-UTF-8 bytes is nearly always GBK misread.
  return decodeAs(bytes, detected && CHINESE_CAPABLE.test(detected) ? detected : 'gb18030');
}

const CHINESE_CAPABLE = /^(gb18030|gbk|gb2312|big5|utf-16)/i;
