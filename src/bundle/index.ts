/**
 * A bundle: every table and view of the store as a file of its own (CSV or Parquet) in one folder, with
 * a datapackage.json that types and documents them. Files are written one after another, each streamed
 * from its query; the folder is made whole or not at all by the caller (src/cli/atomic-write.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../store/db.js';
import { relationRows } from '../store/export.js';
import { writeCsv } from './csv.js';
import { dataPackage, resourcePath, type BundleFormat } from './datapackage.js';
import type { ParquetWriter } from './parquet.js';
import { describeRelations } from './types.js';

export type { BundleFormat } from './datapackage.js';

export interface BundleOptions {
  format: BundleFormat;
  /** CSV only: start each file with a UTF-8 byte-order mark, for Excel (default true). */
  bom?: boolean;
  /** jixiao's version, for the datapackage.json. */
  version: string;
}

export interface BundleSummary {
  folder: string;
  format: BundleFormat;
  relations: { name: string; rows: number }[];
}

/** Writes the bundle into `folder`, which must exist (and should be empty). */
export async function writeBundle(db: Store, folder: string, { format, bom = true, version }: BundleOptions): Promise<BundleSummary> {
  const relations = describeRelations(db);
  const written: BundleSummary['relations'] = [];
  // Loaded only for Parquet: DuckDB is a large native library.
  const parquet: ParquetWriter | null = format === 'parquet' ? await (await import('./parquet.js')).openParquetWriter() : null;
  try {
    for (const relation of relations) {
      const file = path.join(folder, resourcePath(relation.name, format));
      const rows = relationRows(db, relation.name);
      try {
        const count = parquet ? await parquet.write(file, relation.name, relation.fields, rows) : writeCsv(file, relation.name, relation.fields, rows, { bom });
        written.push({ name: relation.name, rows: count });
      } finally {
        // A write that failed half-way leaves the statement open, and the database busy, unless it is ended.
        rows.return?.();
      }
    }
  } finally {
    parquet?.close();
  }
  const descriptor = dataPackage(relations, { format, version, created: new Date() });
  writeFileSync(path.join(folder, 'datapackage.json'), `${JSON.stringify(descriptor, null, 2)}\n`);
  return { folder, format, relations: written };
}
