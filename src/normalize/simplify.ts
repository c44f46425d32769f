/**
 * Traditional → Simplified Chinese for everything the parser reads, pinyin glosses left out. opencc-js's t2cn bundle
 * converts character by character plus common phrases; the 'twp' dictionary is never used because
 * it rewrites terms (執行 → 运行).
 */
import * as OpenCC from 'opencc-js/t2cn';
import type { Block, Cell, Document } from '../extract/model.js';
import { mayConvert } from './convertible.js';

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

/** Simplified text, nearly every report, passes through: the converter is built only for text it could change. */
const convert = (text: string) => (mayConvert(text) ? (converter ??= OpenCC.Converter({ from: 't', to: 'cn' }))(text) : text);

export function toSimplified(text: string): string {
  return convert(withoutPinyinGlosses(text));
}

/**
 * Many texts converted in one call, joined by a character no dictionary entry holds, so no phrase
 * can match across two texts. A call costs about as much as converting a long paragraph, and a
 * document holds hundreds of short cells. Texts that hold the separator, or an ideographic
 * description character (U+2FF0–U+2FFF, whose sequences the converter steps over whole and could
 * run into the next text), are converted one by one.
 */
const SEPARATOR = '\u0000';
const IDEOGRAPHIC_DESCRIPTION = /[\u2ff0-\u2fff]/;

function toSimplifiedAll(texts: readonly string[]): string[] {
  const glossFree = texts.map(withoutPinyinGlosses);
  const joined = glossFree.join(SEPARATOR);
  if (!IDEOGRAPHIC_DESCRIPTION.test(joined)) {
    const converted = convert(joined).split(SEPARATOR);
    if (converted.length === texts.length) return converted;
  }
  return glossFree.map(convert);
}

/** Every text of a document in reading order: the declared title, then paragraphs and cells. */
function documentTexts(doc: Document): string[] {
  const texts = doc.declaredTitle === null ? [] : [doc.declaredTitle];
  for (const block of doc.blocks) {
    if (block.kind === 'paragraph') texts.push(block.text);
    else for (const row of block.rows) for (const cell of row) texts.push(cell.text);
  }
  return texts;
}

export function simplifyDocument(doc: Document): Document {
  const simplified = toSimplifiedAll(documentTexts(doc));
  let next = 0;
  const take = () => simplified[next++];
  const simplifyCell = (cell: Cell): Cell => ({ ...cell, text: take() });
  const simplifyBlock = (block: Block): Block =>
    block.kind === 'paragraph' ? { ...block, text: take() } : { ...block, rows: block.rows.map((row) => row.map(simplifyCell)) };
  return {
    ...doc,
    declaredTitle: doc.declaredTitle === null ? null : take(),
    blocks: doc.blocks.map(simplifyBlock),
  };
}
