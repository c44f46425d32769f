/**
 * Traditional → Simplified Chinese for everything the parser reads, pinyin glosses left out. opencc-js's t2cn bundle
 * converts character by character plus common phrases; the 'twp' dictionary is never used because
 * it rewrites terms (執行 → 运行).
 */
import * as OpenCC from 'opencc-js/t2cn';
import type { Block, Cell, Document } from '../extract/model.js';

let converter: ((text: string) => string) | null = null;

const TONE_MARKED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ';
/**
 * A pinyin reading printed after a character, as some mirrors of Traditional pages do
 * (項(xiàng)目, 績(jī)效): a reading aid inside the word, not text. Only a lowercase syllable with a
 * tone mark counts, so an enumeration like (a) stays.
 */
const PINYIN_GLOSS = new RegExp(`(?<=[\\u4e00-\\u9fff])[(（](?=[a-zü]*[${TONE_MARKED}])[a-zü${TONE_MARKED}]{1,7}[)）]`, 'g');

export function withoutPinyinGlosses(text: string): string {
  // Most strings have no bracket at all: skip the look-behind scan of every character.
  return text.includes('(') || text.includes('（') ? text.replace(PINYIN_GLOSS, '') : text;
}

export function toSimplified(text: string): string {
  const convert = (converter ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  return convert(withoutPinyinGlosses(text));
}

function simplifyCell(cell: Cell): Cell {
  return { ...cell, text: toSimplified(cell.text) };
}

function simplifyBlock(block: Block): Block {
  if (block.kind === 'paragraph') return { ...block, text: toSimplified(block.text) };
  return { ...block, rows: block.rows.map((row) => row.map(simplifyCell)) };
}

export function simplifyDocument(doc: Document): Document {
  return {
    ...doc,
    declaredTitle: doc.declaredTitle === null ? null : toSimplified(doc.declaredTitle),
    blocks: doc.blocks.map(simplifyBlock),
  };
}
