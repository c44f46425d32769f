/**
 * pdf.js text items → glyphs: one per character with its own box, so a text item that runs across
 * several table cells ("分值 执行率") can be split at the cell borders. pdf.js reports only an item's
 * total width; each character's share is estimated from its kind (CJK full width, Latin narrower).
 */
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

export interface Glyph {
  text: string;
  x0: number;
  x1: number;
  /** Baseline, in PDF user space (y grows upwards). */
  y: number;
  size: number;
  /** How sure recognition was of a character read from an image (0–1); absent for a text layer. */
  confidence?: number;
}

const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

function advanceShare(ch: string): number {
  if (WIDE.test(ch)) return 1;
  if (ch === ' ') return 0.3;
  return 0.55;
}

/**
 * Kangxi radicals and CJK compatibility ideographs that some PDF fonts map glyphs to (⼀ for 一,
 * 﨑 variants) become their ordinary characters; NFKC does exactly that for these blocks. Other
 * characters are left alone: NFKC would also turn ＞ into >, and raw values must stay as printed.
 */
const COMPATIBILITY = /[\u2e80-\u2fdf\uf900-\ufaff]|[\u{2f800}-\u{2fa1f}]/gu;

export function ordinaryCharacters(text: string): string {
  return text.replace(COMPATIBILITY, (ch) => ch.normalize('NFKC'));
}

export function itemToGlyphs(item: TextItem): Glyph[] {
  const [a, b, c, d, x, y] = item.transform;
  // Only horizontal text is split; vertical or rotated items keep their whole box.
  const size = Math.hypot(c, d) || Math.hypot(a, b);
  const chars = [...ordinaryCharacters(item.str)];
  if (!chars.length) return [];
  const width = item.width || size * chars.reduce((sum, ch) => sum + advanceShare(ch), 0);
  const total = chars.reduce((sum, ch) => sum + advanceShare(ch), 0);
  const glyphs: Glyph[] = [];
  let cursor = x;
  for (const ch of chars) {
    const advance = (width * advanceShare(ch)) / total;
    if (ch.trim()) glyphs.push({ text: ch, x0: cursor, x1: cursor + advance, y, size });
    cursor += advance;
  }
  return glyphs;
}

/**
 * Drop glyphs drawn twice at (nearly) the same place: fake bold and shadow text come back from
 * pdf.js as duplicate items a fraction of a point apart.
 */
export function dedupeGlyphs(glyphs: Glyph[]): Glyph[] {
  const seen = new Map<string, Glyph[]>();
  const kept: Glyph[] = [];
  const bucket = (text: string, y: number) => `${text}|${y}`;
  for (const g of glyphs) {
    const row = Math.round(g.y);
    const tolerance = Math.max(1, g.size * 0.2);
    const isCopy = [row - 1, row, row + 1].some((r) =>
      (seen.get(bucket(g.text, r)) ?? []).some((o) => Math.abs(o.x0 - g.x0) < tolerance && Math.abs(o.y - g.y) < tolerance),
    );
    if (isCopy) continue;
    const key = bucket(g.text, row);
    seen.set(key, [...(seen.get(key) ?? []), g]);
    kept.push(g);
  }
  return kept;
}
