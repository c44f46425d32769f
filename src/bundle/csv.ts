/**
 * CSV files of a bundle, as RFC 4180 has them: a header row, CRLF line ends, a field quoted when it
 * holds a comma, a double quote or a line break (quotes doubled). A null is an empty field. Values
 * are written as their kind reads back: money with two decimals (exact to the fen), booleans as
 * true/false, dates YYYY-MM-DD, times ISO 8601 UTC, bytes in base64. Rows are written as they are
 * read, in blocks of about a megabyte: a table is never held whole.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ValueKind } from '../store/docs.js';
import type { RowBatches } from '../store/export.js';
import { typedFieldValue, type BundleField, type TypedValue } from './types.js';

/** Excel reads a CSV as UTF-8 only when it starts with this (else as GBK on a Chinese Windows). */
export const BYTE_ORDER_MARK = '\ufeff';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A typed value of `kind` (see typedValue) as the text of its CSV field. */
export function csvCell(kind: ValueKind, typed: TypedValue): string {
  if (typed === null) return '';
  if (kind === 'money') return (typed as number).toFixed(2);
  if (typed instanceof Uint8Array) return Buffer.from(typed).toString('base64');
  return csvField(String(typed));
}

const BLOCK_CHARACTERS = 1 << 20;

/** Writes `rows` to `file` under a header of the field names; returns the rows written. */
export async function writeCsv(file: string, relation: string, fields: BundleField[], rows: RowBatches, { bom }: { bom: boolean }): Promise<number> {
  const descriptor = openSync(file, 'w');
  let block = (bom ? BYTE_ORDER_MARK : '') + fields.map((f) => csvField(f.name)).join(',') + '\r\n';
  let count = 0;
  try {
    for await (const batch of rows) {
      for (const row of batch) {
        block += fields.map((field, i) => csvCell(field.kind, typedFieldValue(relation, field, row[i], count))).join(',') + '\r\n';
        count += 1;
      }
      if (block.length >= BLOCK_CHARACTERS) {
        writeSync(descriptor, block);
        block = '';
      }
    }
    writeSync(descriptor, block);
    return count;
  } finally {
    closeSync(descriptor);
  }
}
