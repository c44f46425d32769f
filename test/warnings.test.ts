/**
 * Unknown layouts are reported, not dropped silently: `extract` says so on stderr and still exits 0,
 * `ingest` counts the documents read with warnings, and the database lists them in needs_review.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support/golden.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const jixiao = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const UNMAPPED = path.join(FIXTURES, 'layouts/unmapped-indicator-header.html');
const HEADER = '一级指标 | 二级指标 | 指标说明 | 佐证材料';
const WHY =
  'columns could not be mapped; read 一级指标 → indicator level1, 二级指标 → indicator category; no role for 指标说明, 佐证材料; ' +
  'an indicator table needs a name beside a target, actual or points, a budget table two figures';

describe('a table with an indicator header jixiao cannot map', () => {
  it('extract prints one line naming the file, page, table and header on stderr, the JSON lists it, and the exit status is 0', () => {
    const run = jixiao('extract', UNMAPPED, '--json');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(`jixiao: ${UNMAPPED}: page -, table 1: columns not recognised: ${HEADER}\n`);
    const record = JSON.parse(run.stdout);
    expect(record.indicators).toEqual([]);
    expect(record.warnings).toEqual([{ page: null, table: 0, header: HEADER, message: WHY }]);
  });

  it('extract says so in its readable summary too', () => {
    const run = jixiao('extract', UNMAPPED);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('1 table(s) not recognised: see the lines on stderr');
    expect(run.stderr).toContain('columns not recognised');
  });

  it('extract prints nothing on stderr for a report it reads in full', () => {
    const run = jixiao('extract', path.join(FIXTURES, 'project-2021.html'), '--json');
    expect([run.status, run.stderr]).toEqual([0, '']);
  });

  it('ingest counts the document as read with warnings, and needs_review lists the table', () => {
    const database = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-warnings-')), 'db.sqlite');
    const run = jixiao('ingest', UNMAPPED, path.join(FIXTURES, 'project-2021.html'), '--db', database, '--json', '--no-progress', '--jobs', '1');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ingested: 2, withWarnings: 1, failed: [] });
    const human = jixiao('ingest', UNMAPPED, '--db', database, '--no-progress', '--jobs', '1', '--reprocess');
    expect(human.stdout).toContain('read with warnings 1 (tables that could not be read, or text left out: see the needs_review view)');
    const db = new Database(database, { readonly: true });
    try {
      expect(db.prepare('SELECT path, page, warning FROM needs_review').all()).toEqual([{ path: UNMAPPED, page: null, warning: `${WHY}: ${HEADER}` }]);
    } finally {
      db.close();
    }
  });
});
