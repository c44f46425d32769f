/**
 * Traditional → Simplified Chinese for everything the parser reads. opencc-js's t2cn bundle
 * converts character by character plus common phrases; the 'twp' dictionary is never used because
 * it rewrites terms (執行 → 运行).
 */
import * as OpenCC from 'opencc-js/t2cn';
import type { Block, Cell, Document } from '../extract/model.js';

let converter: ((text: string) => string) | null = null;

export function toSimplified(text: string): string {
  const convert = (converter ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  return convert(text);
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
