/**
 * The benchmark's large database (bench/large-database.ts): the fixtures copied until the store holds
 * the reports asked for, each copy a collection of its own, and every table and view filled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLargeDatabase, type LargeDatabase } from '../bench/large-database.js';
import { openStore, type Store } from '../src/store/db.js';
import { exportableRelations } from '../src/store/read.js';

let folder: string;
let made: LargeDatabase;
let db: Store;

beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-large-test-'));
  made = await makeLargeDatabase(path.join(folder, 'large.sqlite'), 150);
  db = openStore(made.file, { readonly: true });
}, 180_000);

afterAll(() => {
  db?.close();
  rmSync(folder, { recursive: true, force: true });
});

const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('makeLargeDatabase', () => {
  it('holds exactly the reports asked for, in copies of the fixtures', () => {
    expect(made.reports).toBe(150);
    expect(count('SELECT count(*) AS n FROM reports')).toBe(150);
    expect(made.copies).toBeGreaterThanOrEqual(3);
  });

  it('gives every file a path and sha256 of its own', () => {
    expect(count('SELECT count(DISTINCT sha256) AS n FROM documents')).toBe(made.documents);
    expect(count('SELECT count(DISTINCT path) AS n FROM documents')).toBe(made.documents);
  });

  it('fills every table and view', () => {
    const empty = exportableRelations(db).filter((name) => count(`SELECT count(*) AS n FROM (SELECT 1 FROM "${name}" LIMIT 1)`) === 0);
    expect(empty).toEqual([]);
  });

  it('keeps every foreign key and the full-text indexes in step', () => {
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(count('SELECT count(*) AS n FROM document_text_fts')).toBe(count('SELECT count(*) AS n FROM document_text'));
    expect(count(`SELECT count(*) AS n FROM sections_fts WHERE sections_fts MATCH '存在问题'`)).toBeGreaterThan(0);
  });

  it('varies department, region, year and figures from copy to copy', () => {
    expect(count('SELECT count(DISTINCT region) AS n FROM reports')).toBeGreaterThanOrEqual(3);
    expect(count('SELECT count(DISTINCT year) AS n FROM reports')).toBeGreaterThanOrEqual(3);
    const amounts = (where: string) =>
      count(
        `SELECT count(DISTINCT b.final_budget) AS n FROM budget_lines b JOIN reports r ON r.id = b.report_id JOIN documents d ON d.id = r.document_id ${where}`,
      );
    // The fixtures as read keep their paths; the copies live under /data/reports or on a site.
    expect(amounts('')).toBeGreaterThan(2 * amounts(`WHERE d.path NOT LIKE '/data/reports/%' AND d.url IS NULL`));
    // Money stays whole fen.
    expect(count('SELECT count(*) AS n FROM budget_lines WHERE abs(spent * 100 - round(spent * 100)) > 1e-6')).toBe(0);
  });

  it('keeps a stored document model for every report, so a page can be shown', () => {
    expect(count('SELECT count(*) AS n FROM reports r LEFT JOIN document_content c USING (document_id) WHERE c.document_id IS NULL')).toBe(0);
  });
});
