/**
 * Parquet files of a bundle, written by DuckDB (@duckdb/node-api), which needs no network: its sqlite
 * and postgres extensions would have to be downloaded, so rows come from the store instead (SQLite or
 * PostgreSQL, a batch at a time), through a table function DuckDB pulls from as it writes:
 * `COPY (SELECT … FROM rows()) TO 'x.parquet'` takes a chunk of 2,048 rows at a time, casts each
 * column to its type and writes it. No table is ever held whole: SQLite's rows are read as DuckDB asks
 * for them, PostgreSQL's read ahead a part at a time (PART_BYTES), and DuckDB buffers one row group, cut
 * at 16 MB.
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

/**
 * About how much memory the rows read ahead may take. DuckDB pulls rows from a table function
 * synchronously. SQLite's rows are handed over as DuckDB asks for them; rows that arrive
 * asynchronously (PostgreSQL's, over the network) are read ahead a part at a time instead, each part
 * written by a COPY of its own, and a relation of more than one part is written into part files that
 * one last COPY joins, in order, into its file.
 */
export const PART_BYTES = 32 << 20;

/** A row's size in memory, roughly: JavaScript keeps text as UTF-16. */
function rowBytes(row: unknown[]): number {
  let bytes = 0;
  for (const value of row) bytes += typeof value === 'string' ? 16 + 2 * value.length : value instanceof Uint8Array ? 64 + value.byteLength : 16;
  return bytes;
}

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
  /** Ends the rows (a query stopped half-way) and lets go of them: DuckDB keeps the function registered. */
  release(): void;
}

/**
 * A table function named `name` that DuckDB pulls `rows` from, CHUNK_ROWS at a time, each value typed
 * by its field; `first` is the number of the relation's rows written before them.
 */
function rowSource(duckdb: DuckDB, name: string, relation: string, fields: BundleField[], rows: Iterator<unknown[]>, first: number): RowSource {
  let remaining: Iterator<unknown[]> | null = rows;
  const fill = (output: DuckDBDataChunk) => {
    const block: TypedValue[][] = [];
    while (remaining && block.length < CHUNK_ROWS) {
      const next = remaining.next();
      if (next.done) break;
      block.push(fields.map((field, i) => typedFieldValue(relation, field, next.value[i], first + source.count + block.length)));
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
  const release = () => {
    remaining?.return?.();
    remaining = null;
  };
  const source: RowSource = { table, count: 0, failure: null, release };
  return source;
}

/** The rows of batches read synchronously, one at a time. */
function* eachRow(batches: Iterable<unknown[][]>): Generator<unknown[]> {
  for (const batch of batches) yield* batch;
}

const PARQUET_OPTIONS = `(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE_BYTES '16MB')`;

/** A part of `file` while it is written: hidden, beside it. */
const partFile = (file: string, part: number) => path.join(path.dirname(file), `.${path.basename(file)}.${part}.part`);

export async function openParquetWriter({ partBytes = PART_BYTES } = {}): Promise<ParquetWriter> {
  const duckdb: DuckDB = await import('@duckdb/node-api');
  // One thread: the rows come in one order and keep it, in each part and in the join of the parts,
  // without DuckDB's insertion-order bookkeeping, which would forbid row groups cut by size.
  const instance: DuckDBInstance = await duckdb.DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB', preserve_insertion_order: 'false' });
  const connection: DuckDBConnection = await instance.connect();
  let functions = 0;

  /** `rows` of `relation` (after `first` others) cast to their types and written to `target`; returns how many. */
  const copy = async (target: string, relation: string, fields: BundleField[], rows: Iterator<unknown[]>, first: number) => {
    const name = `jixiao_rows_${functions++}`;
    const source = rowSource(duckdb, name, relation, fields, rows, first);
    connection.registerTableFunction(source.table);
    const columns = fields.map((f) => `CAST(${quoted(f.name)} AS ${PARQUET_TYPES[f.kind]}) AS ${quoted(f.name)}`).join(', ');
    try {
      await connection.run(`COPY (SELECT ${columns} FROM ${name}()) TO ${sqlText(target)} ${PARQUET_OPTIONS}`);
      return source.count;
    } catch (error) {
      if (source.failure instanceof ValueKindError) throw source.failure;
      throw new Error(`${relation}: cannot write Parquet: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
    } finally {
      source.release();
    }
  };

  /** Rows that arrive asynchronously, read ahead and written a part at a time (see PART_BYTES). */
  const writeInParts = async (file: string, relation: string, fields: BundleField[], rows: AsyncIterable<unknown[][]>) => {
    const parts: string[] = [];
    let held: unknown[][] = [];
    let heldBytes = 0;
    let count = 0;
    const writePart = async () => {
      parts.push(partFile(file, parts.length));
      count += await copy(parts.at(-1)!, relation, fields, held.values(), count);
      held = [];
      heldBytes = 0;
    };
    try {
      for await (const batch of rows) {
        for (const row of batch) {
          held.push(row);
          heldBytes += rowBytes(row);
        }
        if (heldBytes >= partBytes) await writePart();
      }
      if (!parts.length) return await copy(file, relation, fields, held.values(), 0);
      if (held.length) await writePart();
      await connection.run(`COPY (SELECT * FROM read_parquet([${parts.map(sqlText).join(', ')}])) TO ${sqlText(file)} ${PARQUET_OPTIONS}`);
      return count;
    } finally {
      for (const part of parts) rmSync(part, { force: true });
    }
  };

  return {
    async write(file, relation, fields, rows) {
      // Rows a store reads synchronously (SQLite's) go to DuckDB as it asks for them, never held.
      if (rows[Symbol.iterator]) return copy(file, relation, fields, eachRow(rows as Iterable<unknown[][]>), 0);
      return writeInParts(file, relation, fields, rows);
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
