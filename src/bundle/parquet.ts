/**
 * Parquet files of a bundle, written by DuckDB (@duckdb/node-api), which needs no network: its
 * sqlite extension would have to be downloaded, so rows come from better-sqlite3 instead, through a
 * table function DuckDB pulls from as it writes. `COPY (SELECT … FROM rows()) TO 'x.parquet'` then
 * streams: a chunk of 2,048 rows at a time is read from SQLite, cast to its column's type, and
 * written, and no table is ever held whole (DuckDB buffers one row group, cut at 16 MB).
 *
 * Snappy compression: every Parquet reader has it (zstd packs tighter but older readers and
 * pure-JavaScript ones lack it). DuckDB is loaded when the first file is written, so commands that
 * write none do not pay for it.
 */
import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBTableFunction, DuckDBType } from '@duckdb/node-api';
import type { ValueKind } from '../store/docs.js';
import { typedFieldValue, ValueKindError, type BundleField, type TypedValue } from './types.js';

/** How each kind is stored in Parquet (DuckDB's names): money exact as DECIMAL(18,2), since amounts are whole fen. */
export const PARQUET_TYPES: Record<ValueKind, string> = {
  integer: 'BIGINT',
  year: 'INTEGER',
  number: 'DOUBLE',
  money: 'DECIMAL(18,2)',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMPTZ',
  string: 'VARCHAR',
  binary: 'BLOB',
};

type DuckDB = typeof import('@duckdb/node-api');

/** How a kind's values are handed to DuckDB before the cast to PARQUET_TYPES: numbers as doubles (exact to 2^53), dates as text. */
function feedType(duckdb: DuckDB, kind: ValueKind): DuckDBType {
  if (kind === 'boolean') return duckdb.BOOLEAN;
  if (kind === 'binary') return duckdb.BLOB;
  if (kind === 'date' || kind === 'datetime' || kind === 'string') return duckdb.VARCHAR;
  return duckdb.DOUBLE;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
const sqlText = (text: string) => `'${text.replace(/'/g, "''")}'`;

const CHUNK_ROWS = 2048;

export interface ParquetWriter {
  /** Writes `rows` of `relation` to `file`; returns the rows written. */
  write(file: string, relation: string, fields: BundleField[], rows: Iterator<unknown[]>): Promise<number>;
  close(): void;
}

interface RowSource {
  table: DuckDBTableFunction;
  /** Rows handed to DuckDB so far. */
  count: number;
  /** What stopped the scan (a value that does not fit its column), if anything did. */
  failure: unknown;
}

/** A table function named `name` that DuckDB pulls `rows` from, CHUNK_ROWS at a time, each value typed by its field. */
function rowSource(duckdb: DuckDB, name: string, relation: string, fields: BundleField[], rows: Iterator<unknown[]>): RowSource {
  const fill = (output: DuckDBDataChunk) => {
    const block: TypedValue[][] = [];
    while (block.length < CHUNK_ROWS) {
      const next = rows.next();
      if (next.done) break;
      block.push(fields.map((field, i) => typedFieldValue(relation, field, next.value[i], source.count + block.length)));
    }
    output.rowCount = block.length;
    fields.forEach((field, column) => {
      const vector = output.getColumnVector(column);
      const blob = field.kind === 'binary';
      block.forEach((row, r) =>
        vector.setItem(r, blob && row[column] !== null ? new duckdb.DuckDBBlobValue(row[column] as Uint8Array) : (row[column] as never)),
      );
      vector.flush();
    });
    source.count += block.length;
  };
  const table = duckdb.DuckDBTableFunction.create({
    name,
    bindFunction: (info) => fields.forEach((field) => info.addResultColumn(field.name, feedType(duckdb, field.kind))),
    initFunction: (info) => info.setMaxThreads(1),
    mainFunction: (info, output) => {
      try {
        fill(output);
      } catch (error) {
        source.failure = error;
        output.rowCount = 0;
        info.setError(error instanceof Error ? error.message : String(error));
      }
    },
  });
  const source: RowSource = { table, count: 0, failure: null };
  return source;
}

export async function openParquetWriter(): Promise<ParquetWriter> {
  const duckdb: DuckDB = await import('@duckdb/node-api');
  // One thread: the rows come from one SQLite statement, read on this thread anyway, so they keep their
  // order without DuckDB's insertion-order bookkeeping, which would forbid row groups cut by size.
  const instance: DuckDBInstance = await duckdb.DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB', preserve_insertion_order: 'false' });
  const connection: DuckDBConnection = await instance.connect();
  let functions = 0;
  return {
    async write(file, relation, fields, rows) {
      const name = `jixiao_rows_${functions++}`;
      const source = rowSource(duckdb, name, relation, fields, rows);
      connection.registerTableFunction(source.table);
      const columns = fields.map((f) => `CAST(${quoted(f.name)} AS ${PARQUET_TYPES[f.kind]}) AS ${quoted(f.name)}`).join(', ');
      try {
        await connection.run(`COPY (SELECT ${columns} FROM ${name}()) TO ${sqlText(file)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE_BYTES '16MB')`);
      } catch (error) {
        if (source.failure instanceof ValueKindError) throw source.failure;
        throw new Error(`${relation}: cannot write Parquet: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
      }
      return source.count;
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
