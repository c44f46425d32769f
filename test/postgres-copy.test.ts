/** `jixiao copy`: a SQLite database into PostgreSQL and back, every row with its id. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest, inProcessRunner } from '../src/ingest/run.js';
import { openStore } from '../src/store/db.js';
import { RELATIONS } from '../src/store/docs.js';
import { search } from '../src/store/read.js';
import { FIXTURES } from './support/golden.js';
import { freshDatabase, testServer } from './support/postgres.js';
import { spawnCli } from './support/spawn-cli.js';

const server = testServer();
const TABLES = RELATIONS.filter((relation) => relation.kind === 'table' && !/_fts$|^schema_migrations$/.test(relation.name)).map((relation) => relation.name);
const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-copy-'));

/** Every row of a table, as JSON texts in id order (bytes as base64, so both stores compare). */
const rowsText = (rows: Record<string, unknown>[]) =>
  rows.map((row) => JSON.stringify(Object.values(row).map((value) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value))));

function sqliteRows(file: string, table: string): string[] {
  const db = openStore(file, { readonly: true });
  try {
    return rowsText(db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]).sort();
  } finally {
    db.close();
  }
}

describe.skipIf(!server.url)(`jixiao copy${server.url ? '' : ` (skipped: ${server.reason})`}`, () => {
  let original: string;
  beforeAll(async () => {
    original = path.join(temp(), 'original.sqlite');
    await ingest([path.join(FIXTURES, 'real'), path.join(FIXTURES, 'jiangmen-2021.docx')], { database: original, runner: inProcessRunner(), ocr: false });
  }, 300_000);

  it('copies a SQLite database into PostgreSQL and back, every row with its id, search included', async () => {
    const url = await freshDatabase(server.url!);
    const there = await spawnCli('copy', '--from', original, '--to', url, '--json');
    expect(there.stderr).toBe('');
    expect(JSON.parse(there.stdout).rows.documents).toBeGreaterThan(10);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const table of TABLES) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${table}"`);
        expect([table, rows[0].n]).toEqual([table, sqliteRows(original, table).length]);
      }
    } finally {
      await client.end();
    }

    const back = path.join(temp(), 'back.sqlite');
    const again = await spawnCli('copy', '--from', url, '--to', back);
    expect([again.status, again.stderr]).toEqual([0, '']);
    for (const table of TABLES) expect([table, sqliteRows(back, table)]).toEqual([table, sqliteRows(original, table)]);
    // SQLite's full-text indexes are filled by the copy's rows, so search finds what it found before.
    const [before, after] = [openStore(original, { readonly: true }), openStore(back, { readonly: true })];
    expect(search(after, '预算执行').hits.length).toBeGreaterThan(0);
    expect(search(after, '预算执行')).toEqual(search(before, '预算执行'));
    before.close();
    after.close();
  });

  it('stores new documents after a copy into PostgreSQL under new ids', async () => {
    const url = await freshDatabase(server.url!);
    await spawnCli('copy', '--from', original, '--to', url);
    const more = await spawnCli('ingest', path.join(FIXTURES, 'project-2021.docx'), '--db', url, '--json');
    expect(JSON.parse(more.stdout)).toMatchObject({ ingested: 1, failed: [] });
  });

  it('refuses to copy into a database that already holds documents', async () => {
    const url = await freshDatabase(server.url!);
    await spawnCli('copy', '--from', original, '--to', url);
    const twice = await spawnCli('copy', '--from', original, '--to', url);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toMatch(/already holds documents: copy into an empty database/);
  });
});
