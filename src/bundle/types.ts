/**
 * The type of every exported column, from one place: the value kinds declared with the column docs
 * (VALUE_KINDS in src/store/docs.ts), else the column's declared type (SQLite's, or the SQLite type a
 * PostgreSQL column was translated from); a view's computed column that neither names is typed by the
 * values it holds. Each kind says how a value is checked and written: as a CSV cell, a Parquet column,
 * a Frictionless field.
 */
import { RELATIONS, VALUE_KINDS, type ValueKind } from '../store/docs.js';
import type { RelationColumn, RelationShape } from '../store/export.js';
import type { DocumentStore } from '../store/store.js';

export interface BundleField {
  name: string;
  kind: ValueKind;
  /** From the schema docs; empty when the docs do not name the column. */
  description: string;
  required: boolean;
}

export interface BundleRelation extends RelationShape {
  description: string;
  fields: BundleField[];
}

/** SQLite's rules for a declared type's affinity (INT → integer, CHAR/CLOB/TEXT → text, BLOB, REAL/FLOA/DOUB), as a kind. */
export function kindOfDeclaredType(declared: string): ValueKind | null {
  const type = declared.toUpperCase();
  if (!type) return null;
  if (type.includes('INT')) return 'integer';
  if (/CHAR|CLOB|TEXT/.test(type)) return 'string';
  if (type.includes('BLOB')) return 'binary';
  return 'number';
}

/** The kind of a column typed by its values alone: text if any is text, a number if any has a fraction. */
export function kindOfStoredValues(classes: Set<string>): ValueKind {
  if (classes.has('text')) return 'string';
  if (classes.has('blob')) return 'binary';
  if (classes.has('real')) return 'number';
  return classes.has('integer') ? 'integer' : 'string';
}

/** A column's kind: by name in VALUE_KINDS, else by its declared type, else by the values it holds. */
const kindOf = (column: RelationColumn): ValueKind =>
  VALUE_KINDS[column.name] ?? kindOfDeclaredType(column.declaredType) ?? kindOfStoredValues(new Set(column.storedClasses));

/** Every table and view of the store with its fields typed and described. */
export async function describeRelations(store: DocumentStore): Promise<BundleRelation[]> {
  return (await store.relations()).map((relation) => {
    const docs = RELATIONS.find((r) => r.name === relation.name);
    const fields = relation.columns.map((column) => ({
      name: column.name,
      kind: kindOf(column),
      description: docs?.columns[column.name] ?? '',
      required: column.notNull,
    }));
    return { ...relation, description: docs?.description ?? '', fields };
  });
}

/** A value as its kind holds it (see typedValue). */
export type TypedValue = number | boolean | string | Uint8Array | null;

/** A value that does not fit its column's kind: the store holds something its schema does not promise. */
export class ValueKindError extends Error {}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A stored value as its kind holds it: integers and years as whole numbers, money to the fen,
 * 0/1 as booleans, dates checked, times in ISO 8601 UTC, blobs as bytes. null stays null.
 */
export function typedValue(kind: ValueKind, value: unknown): TypedValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'integer':
    case 'year':
      return typeof value === 'number' && Number.isInteger(value) ? value : notA(kind, value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : notA(kind, value);
    case 'money':
      // Amounts are whole fen; a sum of doubles in a view strays from one by a rounding error only.
      return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 100) / 100 : notA(kind, value);
    case 'boolean':
      // PostgreSQL's views give truth values where SQLite gives 0 and 1.
      return value === 1 || value === true ? true : value === 0 || value === false ? false : notA(kind, value);
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : notA(kind, value);
    case 'datetime': {
      const time = typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isNaN(time) ? notA(kind, value) : new Date(time).toISOString();
    }
    case 'binary':
      return value instanceof Uint8Array ? value : notA(kind, value);
    case 'string':
      return value instanceof Uint8Array ? notA(kind, value) : String(value);
  }
}

function notA(kind: ValueKind, value: unknown): never {
  const shown = value instanceof Uint8Array ? `${value.length} bytes` : typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new ValueKindError(`${shown} is not ${ARTICLE[kind]}`);
}

/** typedValue for a field of a relation: a value that does not fit says where it is. */
export function typedFieldValue(relation: string, field: BundleField, value: unknown, row: number): TypedValue {
  try {
    return typedValue(field.kind, value);
  } catch (error) {
    if (error instanceof ValueKindError) throw new ValueKindError(`${relation}.${field.name}, row ${row + 1}: ${error.message}`);
    throw error;
  }
}

const ARTICLE: Record<ValueKind, string> = {
  integer: 'a whole number',
  year: 'a year',
  number: 'a number',
  money: 'an amount in whole fen',
  boolean: '0 or 1',
  date: 'a date (YYYY-MM-DD)',
  datetime: 'a time (ISO 8601)',
  binary: 'bytes',
  string: 'text',
};
