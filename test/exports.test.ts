/**
 * `jixiao export --all`: every table and view of a database as Parquet or CSV files with a
 * datapackage.json. The Parquet files are read back by hyparquet, a reader independent of DuckDB that
 * wrote them; the datapackage.json is validated against the Frictionless Data Package profile.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLargeDatabase } from '../bench/large-database.js';
import { writeBundle } from '../src/bundle/index.js';
import { csvCell, csvField } from '../src/bundle/csv.js';
import { describeRelations, kindOfDeclaredType, kindOfStoredValues, typedValue, type BundleRelation } from '../src/bundle/types.js';
import { openStore, type Store } from '../src/store/db.js';
import { RELATIONS, VALUE_KINDS, type ValueKind } from '../src/store/docs.js';
import { bundleRelations, untypedColumns } from '../src/store/export.js';
import { SqliteDocumentStore } from '../src/store/store.js';
import { runCli } from './support/cli.js';

const PROFILE = path.resolve(import.meta.dirname, '../fixtures/frictionless/datapackage-2.0.json');

let folder: string;
let database: string;
let db: Store;
let relations: BundleRelation[];
let parquetFolder: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-exports-'));
  // The fixtures as read, and two copies of them: every table and view has rows, the crawl's too.
  database = (await makeLargeDatabase(path.join(folder, 'store.sqlite'), 120)).file;
  db = openStore(database, { readonly: true });
  relations = await describeRelations(new SqliteDocumentStore(db));
  parquetFolder = path.join(folder, 'parquet');
  mkdirSync(parquetFolder);
  await writeBundle(new SqliteDocumentStore(db), parquetFolder, { format: 'parquet', version: 'test' });
}, 240_000);

afterAll(() => {
  db?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** What the Parquet type of each kind is, as a reader sees it in the file's schema. */
const PARQUET_SCHEMA: Record<ValueKind, { type: string; converted_type?: string; scale?: number; precision?: number }> = {
  integer: { type: 'INT64', converted_type: 'INT_64' },
  year: { type: 'INT32', converted_type: 'INT_32' },
  number: { type: 'DOUBLE' },
  money: { type: 'INT64', converted_type: 'DECIMAL', scale: 2, precision: 18 },
  boolean: { type: 'BOOLEAN' },
  date: { type: 'INT32', converted_type: 'DATE' },
  datetime: { type: 'INT64', converted_type: 'TIMESTAMP_MICROS' },
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  binary: { type: 'BYTE_ARRAY' },
};

/** A stored SQLite value as hyparquet gives it back when the file holds it with its kind's type. */
function asReadBack(kind: ValueKind, value: unknown): unknown {
  if (value === null) return null;
  switch (kind) {
    case 'integer':
      return BigInt(value as number);
    case 'money':
      return (value as number).toFixed(2);
    case 'boolean':
      return value === 1;
    case 'date':
      return value;
    case 'datetime':
      return new Date(value as string).toISOString();
    case 'binary':
      return Buffer.from(value as Uint8Array).toString('base64');
    default:
      return value;
  }
}

/** hyparquet's value in the same form: decimals to the fen, dates as text, bytes in base64. */
function readBackForm(kind: ValueKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'money') return (value as number).toFixed(2);
  if (kind === 'date') return (value as Date).toISOString().slice(0, 10);
  if (kind === 'datetime') return (value as Date).toISOString();
  if (kind === 'binary') return Buffer.from(value as Uint8Array).toString('base64');
  return value;
}

describe('the Parquet bundle, read back by hyparquet', () => {
  it('holds one file per table and view, full-text indexes left out, and a datapackage.json', () => {
    const files = readdirSync(parquetFolder).sort();
    expect(files).toEqual([...relations.map((r) => `${r.name}.parquet`), 'datapackage.json'].sort());
    expect(relations.map((r) => r.name)).toEqual(expect.arrayContaining(['reports', 'indicators', 'budget_execution', 'document_content', 'crawl_queue']));
    expect(relations.map((r) => r.name)).not.toContain('document_text_fts');
  });

  it('types every column as its kind says: money DECIMAL(18,2), years INT32, dates DATE, times UTC timestamps, flags BOOLEAN', async () => {
    for (const relation of relations) {
      const metadata = await parquetMetadataAsync(await asyncBufferFromFile(path.join(parquetFolder, `${relation.name}.parquet`)));
      const columns = metadata.schema.slice(1);
      expect(columns.map((c) => c.name)).toEqual(relation.fields.map((f) => f.name));
      relation.fields.forEach((field, i) => {
        const expected = PARQUET_SCHEMA[field.kind];
        expect({ relation: relation.name, column: field.name, ...pick(columns[i], Object.keys(expected)) }).toEqual({
          relation: relation.name,
          column: field.name,
          ...expected,
        });
        if (field.kind === 'datetime') expect(columns[i].logical_type).toMatchObject({ type: 'TIMESTAMP', isAdjustedToUTC: true });
      });
    }
  });

  it('gives back every value of every relation, in order', async () => {
    let compared = 0;
    for (const relation of relations) {
      const file = await asyncBufferFromFile(path.join(parquetFolder, `${relation.name}.parquet`));
      const read = (await parquetReadObjects({ file, utf8: false })) as Record<string, unknown>[];
      // In one order, whichever store: a table's by its primary key, a view's by its columns from the first.
      const order = (relation.primaryKey.length ? relation.primaryKey : relation.fields.map((f) => f.name)).map((c) => `"${c}"`).join(', ');
      const stored = db.prepare(`SELECT * FROM "${relation.name}" ORDER BY ${order}`).raw(true).all() as unknown[][];
      expect(read.length, relation.name).toBe(stored.length);
      expect(stored.length, `${relation.name} has rows`).toBeGreaterThan(0);
      stored.forEach((row, r) => {
        const back = relation.fields.map((f) => readBackForm(f.kind, read[r][f.name]));
        const expected = relation.fields.map((f, i) => asReadBack(f.kind, row[i]));
        if (JSON.stringify(back, bigints) !== JSON.stringify(expected, bigints))
          expect({ relation: relation.name, row: r, back }).toEqual({ relation: relation.name, row: r, back: expected });
        compared += 1;
      });
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('writes a relation larger than a part in parts joined in order, the same values as in one, no part left behind', async () => {
    const { openParquetWriter } = await import('../src/bundle/parquet.js');
    const relation = relations.find((r) => r.name === 'source_cells')!;
    const writer = await openParquetWriter({ partBytes: 256 << 10 });
    const out = path.join(folder, 'parts');
    mkdirSync(out);
    // The part files seen beside the target as the rows are read.
    let parts = 0;
    async function* watched() {
      for await (const batch of new SqliteDocumentStore(db).relationRows(relation)) {
        parts = Math.max(parts, readdirSync(out).filter((name) => name.endsWith('.part')).length);
        yield batch;
      }
    }
    try {
      expect(await writer.write(path.join(out, 'source_cells.parquet'), relation.name, relation.fields, watched())).toBeGreaterThan(20_000);
      expect(parts).toBeGreaterThan(10);
    } finally {
      writer.close();
    }
    expect(readdirSync(out)).toEqual(['source_cells.parquet']);
    const [inParts, inOne] = await Promise.all(
      [out, parquetFolder].map(async (dir) =>
        JSON.stringify(await parquetReadObjects({ file: await asyncBufferFromFile(path.join(dir, 'source_cells.parquet')), utf8: false }), bigints),
      ),
    );
    expect(inParts === inOne).toBe(true);
  });

  it('names the row of a value that does not fit by its place in the relation, whichever part holds it', async () => {
    const { openParquetWriter } = await import('../src/bundle/parquet.js');
    async function* batches() {
      for (let b = 0; b < 10; b += 1) yield Array.from({ length: 100 }, (_, i) => [b * 100 + i === 749 ? 'yesterday' : '2026-12-06T12:00:00Z']);
    }
    const writer = await openParquetWriter({ partBytes: 100 });
    const out = path.join(folder, 'bad-part');
    mkdirSync(out);
    try {
      await expect(
        writer.write(path.join(out, 'x.parquet'), 'x', [{ name: 't', kind: 'datetime', description: '', required: false }], batches()),
      ).rejects.toThrow('x.t, row 750: "yesterday" is not a time (ISO 8601)');
    } finally {
      writer.close();
    }
    expect(readdirSync(out).filter((name) => name.endsWith('.part'))).toEqual([]);
  });
});

const bigints = (_: string, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value);

function pick(object: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (object as Record<string, unknown>)[k]]));
}

describe('datapackage.json', () => {
  const descriptor = () => JSON.parse(readFileSync(path.join(parquetFolder, 'datapackage.json'), 'utf8'));

  it('validates against the Frictionless Data Package v2 profile', () => {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(PROFILE, 'utf8')));
    expect(validate(descriptor()), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  });

  it('describes every resource and field from the schema docs', () => {
    const { resources } = descriptor();
    for (const resource of resources) {
      const docs = RELATIONS.find((r) => r.name === resource.name)!;
      expect(resource).toMatchObject({ path: `${resource.name}.parquet`, format: 'parquet', description: docs.description });
      for (const field of resource.schema.fields) expect(field.description, `${resource.name}.${field.name}`).toContain(docs.columns[field.name]);
    }
  });

  it('declares Table Schema types, primary keys and foreign keys', () => {
    const resources = new Map(descriptor().resources.map((r: { name: string }) => [r.name, r]));
    const fields = (name: string) =>
      Object.fromEntries((resources.get(name) as { schema: { fields: { name: string }[] } }).schema.fields.map((f) => [f.name, f]));
    expect(fields('budget_lines')).toMatchObject({
      id: { type: 'integer', constraints: { required: true } },
      final_budget: { type: 'number' },
      name: { type: 'string', constraints: { required: true } },
    });
    expect(fields('documents')).toMatchObject({ is_current: { type: 'boolean' }, ingested_at: { type: 'datetime' }, published_at: { type: 'date' } });
    expect(fields('reports').year).toMatchObject({ type: 'integer' });
    expect(fields('document_content').model_json_gzip).toMatchObject({ type: 'string', format: 'binary' });
    expect(resources.get('budget_lines')).toMatchObject({
      schema: {
        primaryKey: ['id'],
        foreignKeys: expect.arrayContaining([{ fields: ['report_id'], reference: { resource: 'reports', fields: ['id'] } }]),
      },
    });
    expect(resources.get('source_cells')).toMatchObject({ schema: { primaryKey: ['table_id', 'row_no', 'column_no'] } });
    expect((resources.get('indicator_results') as { schema: object }).schema).not.toHaveProperty('primaryKey');
  });
});

describe('the CSV bundle', () => {
  it('writes each relation with a byte-order mark, RFC 4180 quoting, typed cells and nulls as empty fields', async () => {
    const out = path.join(folder, 'csv');
    const run = await runCli('export', '--all', '--db', database, '--out', out);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^${out}: ${relations.length} tables and views, \\d+ rows, as csv with datapackage\\.json\\n$`));
    const text = readFileSync(path.join(out, 'budget_lines.csv'), 'utf8');
    expect(text.startsWith('\ufeffid,report_id,line_no,')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    const rows = db.prepare('SELECT count(*) AS n FROM budget_lines').get() as { n: number };
    expect(lines).toHaveLength(rows.n + 2); // header, rows, and the empty string after the last CRLF
    const line = db
      .prepare(
        `SELECT id, final_budget FROM budget_lines WHERE adjustment IS NULL AND final_budget IS NOT NULL AND instr(name || coalesce(project, ''), ',') = 0 LIMIT 1`,
      )
      .get() as { id: number; final_budget: number };
    const header = lines[0].split(',');
    const cells = lines.find((l) => l.startsWith(`${line.id},`))!.split(',');
    expect(cells[header.indexOf('final_budget')]).toBe(line.final_budget.toFixed(2));
    expect(cells[header.indexOf('adjustment')]).toBe('');
    const descriptor = JSON.parse(readFileSync(path.join(out, 'datapackage.json'), 'utf8'));
    expect(descriptor.resources[0]).toMatchObject({ format: 'csv', mediatype: 'text/csv', encoding: 'utf-8' });
  });

  it('writes a made-up report exactly: quotes where needed, flags as true/false, nulls as nothing', async () => {
    const made = path.join(folder, 'made-up.sqlite');
    const store = openStore(made);
    store.exec(`INSERT INTO documents (id, path, file_name, sha256, size_bytes, format, status, version, is_current, extractor_version, ingested_at, published_at)
                VALUES (1, '/r/a,b.pdf', 'a,b.pdf', 'x', 10, 'pdf', 'ok', 1, 1, 'test', '2026-12-06T12:00:00.000Z', '2022-03-05');
                INSERT INTO reports (id, document_id, title, department, region, year, kind, self_score, grade)
                VALUES (1, 1, '关于"财政"的
报告', '江门市财政局', NULL, 2021, 'department_overall', 95.5, '优');
                INSERT INTO budget_lines (id, report_id, line_no, name, final_budget, spent, execution_rate) VALUES (1, 1, 0, '合计', 1234.5, 0.1, 99.79);`);
    store.close();
    const out = path.join(folder, 'made-up');
    expect((await runCli('export', '--all', '--db', made, '--out', out)).status).toBe(0);
    const body = (name: string) =>
      readFileSync(path.join(out, `${name}.csv`), 'utf8')
        .split('\r\n')
        .slice(1, -1)
        .join('\r\n');
    expect(body('reports')).toBe('1,1,"关于""财政""的\n报告",江门市财政局,,2021,department_overall,,95.5,优,,,,');
    expect(body('budget_lines')).toBe('1,1,0,,,,合计,,,1234.50,0.10,99.79,,,,');
    expect(body('documents')).toBe(
      '1,/r/a,b.pdf,a,b.pdf,x,10,pdf,,ok,,1,true,test,2026-12-06T12:00:00.000Z,,,,,,,,2022-03-05,false,'.replace(
        '/r/a,b.pdf,a,b.pdf',
        '"/r/a,b.pdf","a,b.pdf"',
      ),
    );
    expect(readFileSync(path.join(out, 'checks.csv'), 'utf8')).toBe('\ufeffid,report_id,check,subject,project,stated,computed,detail,page\r\n');
  });

  it('leaves the byte-order mark out with --no-excel', async () => {
    const out = path.join(folder, 'csv-plain');
    expect((await runCli('export', '--all', '--db', database, '--out', out, '--no-excel')).status).toBe(0);
    expect(readFileSync(path.join(out, 'reports.csv'), 'utf8').startsWith('id,document_id,')).toBe(true);
  });

  it('quotes a field holding a comma, a quote or a line break, and only such a field', () => {
    expect(csvField('江门市, 财政局')).toBe('"江门市, 财政局"');
    expect(csvField('"优"')).toBe('"""优"""');
    expect(csvField('一行\n两行')).toBe('"一行\n两行"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField('普通文字 with spaces')).toBe('普通文字 with spaces');
  });

  it('writes money with two decimals, flags as true/false, bytes in base64, null as nothing', () => {
    expect(csvCell('money', typedValue('money', 0.1 + 0.2))).toBe('0.30');
    expect(csvCell('money', typedValue('money', 65605550))).toBe('65605550.00');
    expect(csvCell('boolean', typedValue('boolean', 0))).toBe('false');
    // PostgreSQL's views give truth values where SQLite's give 0 and 1.
    expect([true, false].map((flag) => csvCell('boolean', typedValue('boolean', flag)))).toEqual(['true', 'false']);
    expect(csvCell('binary', typedValue('binary', Buffer.from('ab')))).toBe('YWI=');
    expect(csvCell('integer', typedValue('integer', null))).toBe('');
    expect(csvCell('datetime', typedValue('datetime', '2026-12-06T12:50:01.5+08:00'))).toBe('2026-12-06T04:50:01.500Z');
  });
});

describe('value kinds', () => {
  it('gives every column of the schema a kind without reading its values', () => {
    const store = openStore(path.join(folder, 'empty.sqlite'));
    try {
      const untyped = bundleRelations(store).flatMap((r) => untypedColumns(r).map((c) => `${r.name}.${c}`));
      expect(untyped, 'declare these in VALUE_KINDS (src/store/docs.ts)').toEqual([]);
    } finally {
      store.close();
    }
  });

  it('names only columns the docs know', () => {
    const documented = new Set(RELATIONS.flatMap((r) => Object.keys(r.columns)));
    expect(Object.keys(VALUE_KINDS).filter((name) => !documented.has(name))).toEqual([]);
  });

  it('reads a declared type by SQLite’s affinity rules', () => {
    expect(['INTEGER', 'BIGINT', 'TEXT', 'VARCHAR(20)', 'CLOB', 'BLOB', 'REAL', 'DOUBLE', 'NUMERIC', ''].map(kindOfDeclaredType)).toEqual([
      'integer',
      'integer',
      'string',
      'string',
      'string',
      'binary',
      'number',
      'number',
      'number',
      null,
    ]);
  });

  it('types a computed column that nothing declares by the values it holds', () => {
    expect(kindOfStoredValues(new Set(['integer']))).toBe('integer');
    expect(kindOfStoredValues(new Set(['integer', 'real']))).toBe('number');
    expect(kindOfStoredValues(new Set(['integer', 'text']))).toBe('string');
    expect(kindOfStoredValues(new Set())).toBe('string');
  });

  it('reads a view column SQLite calls BLOB (a CASE over a union) as untyped, a table’s BLOB as bytes', async () => {
    const store = openStore(path.join(folder, 'views.sqlite'));
    try {
      store.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, raw BLOB, label TEXT);
                  CREATE VIEW v AS WITH u AS (SELECT label AS x FROM t UNION ALL SELECT 'a') SELECT CASE WHEN x = 'a' THEN x END AS computed FROM u;
                  INSERT INTO t (raw, label) VALUES (x'00', 'b');`);
      const described = await describeRelations(new SqliteDocumentStore(store));
      expect(described.find((r) => r.name === 't')!.fields.map((f) => f.kind)).toEqual(['integer', 'binary', 'string']);
      expect(described.find((r) => r.name === 'v')!.fields).toMatchObject([{ name: 'computed', kind: 'string' }]);
    } finally {
      store.close();
    }
  });

  it('refuses a value its kind cannot hold, naming it', () => {
    expect(() => typedValue('boolean', 2)).toThrow('2 is not 0 or 1');
    expect(() => typedValue('date', '2021/03/05')).toThrow('"2021/03/05" is not a date (YYYY-MM-DD)');
    expect(() => typedValue('integer', 1.5)).toThrow('1.5 is not a whole number');
    expect(() => typedValue('money', '一百元')).toThrow('"一百元" is not an amount in whole fen');
    expect(() => typedValue('number', Infinity)).toThrow('Infinity is not a number');
    expect(() => typedValue('string', Buffer.from('x'))).toThrow('1 bytes is not text');
    expect(() => typedValue('binary', 'x')).toThrow('"x" is not bytes');
    expect(typedValue('year', 2021)).toBe(2021);
    expect(typedValue('string', 2021)).toBe('2021');
  });
});

describe('jixiao export --all', () => {
  it('stops on a value that does not fit its column, naming it, and leaves an earlier export as it was', async () => {
    const broken = path.join(folder, 'broken.sqlite');
    const store = openStore(broken);
    store.exec(`INSERT INTO documents (id, path, file_name, sha256, size_bytes, status, version, is_current, extractor_version, ingested_at)
                VALUES (1, '/a.pdf', 'a.pdf', 'x', 1, 'ok', 1, 1, 'test', 'yesterday')`);
    store.close();
    const out = path.join(folder, 'kept');
    mkdirSync(out);
    writeFileSync(path.join(out, 'datapackage.json'), '{}');
    for (const format of ['csv', 'parquet']) {
      const run = await runCli('export', '--all', '--format', format, '--db', broken, '--out', out);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe('jixiao: documents.ingested_at, row 1: "yesterday" is not a time (ISO 8601)\n');
      expect(readdirSync(out)).toEqual(['datapackage.json']);
      expect(readdirSync(folder).filter((name) => name.startsWith('.kept'))).toEqual([]);
    }
  });

  it('replaces an earlier export whole', async () => {
    const out = path.join(folder, 'again');
    expect((await runCli('export', '--all', '--format', 'parquet', '--db', database, '--out', out)).status).toBe(0);
    writeFileSync(path.join(out, 'stale.parquet'), '');
    expect((await runCli('export', '--all', '--format', 'csv', '--db', database, '--out', out)).status).toBe(0);
    expect(readdirSync(out).filter((name) => !name.endsWith('.csv'))).toEqual(['datapackage.json']);
  });

  it('never removes a folder of other files', async () => {
    const out = path.join(folder, 'mine');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const run = await runCli('export', '--all', '--db', database, '--out', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${out}: the folder holds other files`);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('is a usage error without --out, with a name, as json, and parquet without --all', async () => {
    const usage = async (...args: string[]) => {
      const run = await runCli('export', ...args, '--db', database);
      return [run.status, run.stderr.trim()];
    };
    expect(await usage('--all')).toEqual([2, 'jixiao export: --all writes a folder of files: give it with --out DIR']);
    expect(await usage('reports', '--all', '--out', path.join(folder, 'x'))).toEqual([2, 'jixiao export: give a table or view (reports) or --all, not both']);
    expect(await usage('--all', '--format', 'json', '--out', path.join(folder, 'x'))).toEqual([
      2,
      'jixiao export: --all writes csv or parquet files, not json',
    ]);
    expect(await usage('reports', '--format', 'parquet')).toEqual([
      2,
      'jixiao export: parquet is written for every table and view at once: use --all --out DIR',
    ]);
    expect(await usage()).toEqual([2, 'jixiao export: give a table or view to export, or --all for every one']);
    expect(existsSync(path.join(folder, 'x'))).toBe(false);
  });
});
