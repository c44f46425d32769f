/**
 * Parquet files of a bundle, written by DuckDB (@duckdb/node-api), which needs no network: its sqlite
 * and postgres extensions would have to be downloaded, so rows come from the store instead (SQLite or
 * PostgreSQL, a batch at a time), through a table function DuckDB pulls from as it writes:
 * `COPY (SELECT … FROM rows()) TO 'x.parquet'` takes a chunk of 2,048 rows at a time, casts each
 * column to its type and writes it. No table is ever held whole: rows are read ahead a part at a time
 * (PART_VALUES), and DuckDB buffers one row group, cut at 16 MB.
 *
 * Snappy compression: every Parquet reader has it (zstd packs tighter but older readers and
 * pure-JavaScript ones lack it). DuckDB is loaded when the first file is written, so commands that
 * write none do not pay for it.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBTableFunction, DuckDBType } from '@duckdb/node-api';
import type { ValueKind } from '../store/docs.js';
import type { RowBatches } from '../store/export.js';
import { typedFieldValue, ValueKindError, type BundleField } from './types.js';

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

/**
 * Values held at most before they are written (about 2^18: some tens of MB). DuckDB pulls rows from a
 * table function synchronously, while rows arrive asynchronously (from PostgreSQL over the network), so
 * they are read ahead a part at a time and each part is written by a COPY of its own; a relation of more
 * than one part is written into part files that one last COPY joins, in order, into its file.
 */
export const PART_VALUES = 1 << 18;

export interface ParquetWriter {
  /** Writes `rows` of `relation` to `file`; returns the rows written. */
  write(file: string, relation: string, fields: BundleField[], rows: RowBatches): Promise<number>;
  close(): void;
}

interface RowSource {
  table: DuckDBTableFunction;
  /** Rows handed to DuckDB so far. */
  count: number;
  /** What stopped the scan (a value that does not fit its column), if anything did. */
  failure: unknown;
  /** Lets go of the rows once written: DuckDB keeps the function registered. */
  release(): void;
}

/**
 * A table function named `name` that DuckDB pulls `held` rows from, CHUNK_ROWS at a time, each value
 * typed by its field; `first` is the number of the relation's rows written before them.
 */
function rowSource(duckdb: DuckDB, name: string, relation: string, fields: BundleField[], held: unknown[][], first: number): RowSource {
  let rows: unknown[][] = held;
  const fill = (output: DuckDBDataChunk) => {
    const block = rows
      .slice(source.count, source.count + CHUNK_ROWS)
      .map((row, r) => fields.map((field, i) => typedFieldValue(relation, field, row[i], first + source.count + r)));
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
  const source: RowSource = { table, count: 0, failure: null, release: () => (rows = []) };
  return source;
}

const PARQUET_OPTIONS = `(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE_BYTES '16MB')`;

/** A part of `file` while it is written: hidden, beside it. */
const partFile = (file: string, part: number) => path.join(path.dirname(file), `.${path.basename(file)}.${part}.part`);

export async function openParquetWriter({ partValues = PART_VALUES } = {}): Promise<ParquetWriter> {
  const duckdb: DuckDB = await import('@duckdb/node-api');
  // One thread: the rows come in one order and keep it, in each part and in the join of the parts,
  // without DuckDB's insertion-order bookkeeping, which would forbid row groups cut by size.
  const instance: DuckDBInstance = await duckdb.DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB', preserve_insertion_order: 'false' });
  const connection: DuckDBConnection = await instance.connect();
  let functions = 0;

  /** `held` rows of `relation` (after `first` others) cast to their types and written to `target`. */
  const copy = async (target: string, relation: string, fields: BundleField[], held: unknown[][], first: number) => {
    const name = `jixiao_rows_${functions++}`;
    const source = rowSource(duckdb, name, relation, fields, held, first);
    connection.registerTableFunction(source.table);
    const columns = fields.map((f) => `CAST(${quoted(f.name)} AS ${PARQUET_TYPES[f.kind]}) AS ${quoted(f.name)}`).join(', ');
    try {
      await connection.run(`COPY (SELECT ${columns} FROM ${name}()) TO ${sqlText(target)} ${PARQUET_OPTIONS}`);
    } catch (error) {
      if (source.failure instanceof ValueKindError) throw source.failure;
      throw new Error(`${relation}: cannot write Parquet: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
    } finally {
      source.release();
    }
  };

  return {
    async write(file, relation, fields, rows) {
      const partRows = Math.max(1, Math.floor(partValues / Math.max(1, fields.length)));
      const parts: string[] = [];
      let held: unknown[][] = [];
      let count = 0;
      const writePart = async () => {
        parts.push(partFile(file, parts.length));
        await copy(parts.at(-1)!, relation, fields, held, count);
        count += held.length;
        held = [];
      };
      try {
        for await (const batch of rows) {
          for (const row of batch) held.push(row);
          if (held.length >= partRows) await writePart();
        }
        if (!parts.length) {
          await copy(file, relation, fields, held, 0);
          return held.length;
        }
        if (held.length) await writePart();
        const list = parts.map(sqlText).join(', ');
        await connection.run(`COPY (SELECT * FROM read_parquet([${list}])) TO ${sqlText(file)} ${PARQUET_OPTIONS}`);
        return count;
      } finally {
        for (const part of parts) rmSync(part, { force: true });
      }
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
