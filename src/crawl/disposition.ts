/**
 * The file name a Content-Disposition header gives, in every form download endpoints use:
 * RFC 6266 / 5987 `filename*=UTF-8''%E8%87%AA…` (or another charset, GBK included), a quoted or bare
 * `filename=` holding raw UTF-8 or GBK bytes, percent-encoded bytes (either charset), and RFC 2047
 * `=?UTF-8?B?…?=`. The header arrives as latin1 text (one character per byte), so raw bytes can be
 * recovered and decoded as what they are. Only the last path segment is kept: a name is never a path.
 */
import iconv from 'iconv-lite';
import { decodeNameBytes } from '../extract/archive.js';

const latin1Bytes = (text: string) => Buffer.from(text, 'latin1');

function percentBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...latin1Bytes(text[i]));
  }
  return new Uint8Array(bytes);
}

function decodeCharset(bytes: Uint8Array, charset: string): string {
  const label = charset.trim().toLowerCase();
  if (!label || label === 'utf-8' || label === 'utf8') return decodeNameBytes(bytes);
  return iconv.encodingExists(label) ? iconv.decode(Buffer.from(bytes), label) : decodeNameBytes(bytes);
}

/** A plain `filename=` value: RFC 2047 words, percent-encoding, or raw bytes. */
function decodePlain(value: string): string {
  const word = /^=\?([\w-]+)\?([bq])\?(.*)\?=$/i.exec(value);
  if (word) {
    const bytes = word[2].toLowerCase() === 'b' ? Buffer.from(word[3], 'base64') : percentBytes(word[3].replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, '%$1'));
    return decodeCharset(bytes, word[1]);
  }
  // Characters above U+00FF mean the text was already decoded as Unicode by whoever handed it over.
  if ([...value].some((c) => c.charCodeAt(0) > 0xff)) return value;
  return decodeNameBytes(/%[0-9a-f]{2}/i.test(value) ? percentBytes(value) : latin1Bytes(value));
}

const baseName = (name: string) => name.split(/[\\/]/).filter(Boolean).pop()?.trim() ?? '';

/** The file name a Content-Disposition header gives, decoded, without any folder; null when it gives none. */
export function dispositionFileName(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([\w-]*)'[\w-]*'([^;]+)/i.exec(header);
  if (extended) {
    const name = baseName(decodeCharset(percentBytes(extended[2].trim().replace(/^"|"$/g, '')), extended[1]));
    if (name) return name;
  }
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  if (!plain) return null;
  const value = plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2].trim();
  return baseName(decodePlain(value)) || null;
}
