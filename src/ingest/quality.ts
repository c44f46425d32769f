/**
 * What a reading should have yielded but did not, as warnings: a document read "ok" that holds no
 * text, or text with characters that could not be decoded (U+FFFD) or have no meaning outside the
 * font that drew them (the private-use area). Such a document is stored, counted as read with
 * warnings, and listed by needs_review, so nobody mistakes it for a clean reading.
 */
import { documentText, type Document } from '../extract/model.js';

const UNDECODABLE = /\uFFFD/g;
const PRIVATE_USE = /[\uE000-\uF8FF]/g;
/** A few private-use characters are icons (a bullet, a tick); more than this share of the text is a font without a character map. */
const PRIVATE_USE_SHARE = 0.01;

export function qualityWarnings(document: Document): string[] {
  const text = documentText(document).replace(/\s+/g, '');
  if (!text) return ['no text was read: the file yielded nothing (a scan whose images could not be read, or an empty document)'];
  const warnings: string[] = [];
  const undecodable = text.match(UNDECODABLE)?.length ?? 0;
  if (undecodable) warnings.push(`${undecodable} characters could not be decoded: the text around them may be garbled`);
  const privateUse = text.match(PRIVATE_USE)?.length ?? 0;
  if (privateUse / text.length > PRIVATE_USE_SHARE) {
    warnings.push(`${privateUse} characters have no Unicode meaning (a font without a character map): the text may be garbled`);
  }
  return warnings;
}
