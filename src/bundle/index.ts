/**
 * A bundle: every table and view of the store, SQLite or PostgreSQL, as a file of its own (CSV or
 * Parquet) in one folder, with a datapackage.json that types and documents them. Files are written one
 * after another, each streamed from its query a batch at a time; the same rows give the same files from
 * either store. The folder is made whole or not at all by the caller (src/cli/atomic-write.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentStore } from '../store/store.js';
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
export async function writeBundle(store: DocumentStore, folder: string, { format, bom = true, version }: BundleOptions): Promise<BundleSummary> {
  const relations = await describeRelations(store);
  const written: BundleSummary['relations'] = [];
  // Loaded only for Parquet: DuckDB is a large native library.
  const parquet: ParquetWriter | null = format === 'parquet' ? await (await import('./parquet.js')).openParquetWriter() : null;
  try {
    for (const relation of relations) {
      const file = path.join(folder, resourcePath(relation.name, format));
      // Read with `for await`, which ends the query (and frees the database) when a write fails half-way.
      const rows = store.relationRows(relation);
      const count = parquet
        ? await parquet.write(file, relation.name, relation.fields, rows)
        : await writeCsv(file, relation.name, relation.fields, rows, { bom });
      written.push({ name: relation.name, rows: count });
    }
  } finally {
    parquet?.close();
  }
  const descriptor = dataPackage(relations, { format, version, created: new Date() });
  writeFileSync(path.join(folder, 'datapackage.json'), `${JSON.stringify(descriptor, null, 2)}\n`);
  return { folder, format, relations: written };
}
