/**
 * The datapackage.json of a bundle: a Frictionless Data Package (v2, https://datapackage.org) with one
 * resource per table and view, each field typed and described from the schema docs (src/store/docs.ts),
 * and the tables' primary and foreign keys. pandas, R (frictionless), DuckDB, Stata (through the
 * frictionless tools) and `frictionless validate` read the files with their documentation from it.
 */
import type { ValueKind } from '../store/docs.js';
import type { BundleField, BundleRelation } from './types.js';

export const DATA_PACKAGE_PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json';

export type BundleFormat = 'csv' | 'parquet';

/** Table Schema has no decimal type: money is a number, written in CSV with two decimals (DECIMAL(18,2) in Parquet). */
const FIELD_TYPES: Record<ValueKind, { type: string; format?: string }> = {
  integer: { type: 'integer' },
  year: { type: 'integer' },
  number: { type: 'number' },
  money: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'date' },
  datetime: { type: 'datetime' },
  string: { type: 'string' },
  binary: { type: 'string', format: 'binary' },
};

const FORMATS: Record<BundleFormat, { mediatype: string; encoding?: string }> = {
  csv: { mediatype: 'text/csv', encoding: 'utf-8' },
  parquet: { mediatype: 'application/vnd.apache.parquet' },
};

export const resourcePath = (relation: string, format: BundleFormat) => `${relation}.${format}`;

function field(f: BundleField) {
  return {
    name: f.name,
    ...FIELD_TYPES[f.kind],
    ...(f.description ? { description: f.kind === 'money' ? `${f.description} (exact to the fen)` : f.description } : {}),
    ...(f.required ? { constraints: { required: true } } : {}),
  };
}

function resource(relation: BundleRelation, format: BundleFormat) {
  return {
    name: relation.name,
    type: 'table',
    path: resourcePath(relation.name, format),
    format,
    ...FORMATS[format],
    ...(relation.description ? { description: relation.description } : {}),
    schema: {
      fields: relation.fields.map(field),
      ...(relation.primaryKey.length ? { primaryKey: relation.primaryKey } : {}),
      ...(relation.foreignKeys.length
        ? { foreignKeys: relation.foreignKeys.map((fk) => ({ fields: fk.fields, reference: { resource: fk.resource, fields: fk.referenceFields } })) }
        : {}),
    },
  };
}

export interface PackageInfo {
  format: BundleFormat;
  /** jixiao's version. */
  version: string;
  created: Date;
}

export function dataPackage(relations: BundleRelation[], { format, version, created }: PackageInfo): object {
  return {
    $schema: DATA_PACKAGE_PROFILE,
    name: 'jixiao',
    title: 'jixiao: Chinese government performance self-evaluation reports',
    description:
      'Reports (绩效自评报告), their budget-execution lines and performance indicators, each traceable to its file and page: every table and view of a jixiao database. Money in 元.',
    created: created.toISOString(),
    sources: [{ title: `jixiao ${version}` }],
    resources: relations.map((r) => resource(r, format)),
  };
}
