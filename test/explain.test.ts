/**
 * `jixiao explain`: every stage of table parsing, for every table of every fixture; the whole output
 * held for one borderless PDF and one form, so a change in what a stage decides shows here first.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainDocument } from '../src/cli/explain.js';
import { extractFile } from '../src/extract/index.js';
import { FIXTURES } from './support/golden.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const jixiao = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const explain = async (file: string) => explainDocument((await extractFile(path.join(FIXTURES, file))).document);

const STAGES = ['grid', 'header rows', 'blocks', 'loose rows', 'rows', 'form'];
const documents = ['.', 'real', 'real/openings', 'layouts'].flatMap((folder) =>
  readdirSync(path.join(FIXTURES, folder))
    .filter((name) => /\.(pdf|docx?|html|txt|xlsx?)$/.test(name) && !name.includes('scanned'))
    .map((name) => path.join(folder, name)),
);

describe('explain', () => {
  it('holds its output for a borderless PDF', async () => {
    await expect(await explain('jiangmen-2021-borderless.pdf')).toMatchFileSnapshot('explain/jiangmen-2021-borderless.pdf.txt');
  });

  it('holds its output for a form (项目支出绩效自评表)', async () => {
    await expect(await explain('project-2021.docx')).toMatchFileSnapshot('explain/project-2021.docx.txt');
  });

  it.each(documents)('prints every stage for every table of %s', async (file) => {
    const text = await explain(file);
    const tables = text.split(/\n\n(?=table \d+ ·)/).slice(1);
    expect(tables.length).toBe(Number(/(\d+) tables after stitching/.exec(text)![1]));
    for (const table of tables) expect(STAGES.filter((stage) => !table.includes(`\n  ${stage}\n`))).toEqual([]);
  });

  it('says in one line why a table gave no rows', async () => {
    const text = await explain('layouts/unmapped-indicator-header.html');
    expect(text).toContain('\n  needs_review: columns could not be mapped; read 一级指标 → indicator level1');
  });

  it('explains the stored reading of a path or URL the database holds when it is no file here', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-explain-'));
    const file = path.join(folder, 'report.html');
    copyFileSync(path.join(FIXTURES, 'jiangmen-2021.html'), file);
    const database = path.join(folder, 'db.sqlite');
    expect(jixiao('ingest', file, '--db', database, '--no-progress').status).toBe(0);
    const fromFile = jixiao('explain', file, '--table', '2', '--db', database);
    rmSync(file);
    const stored = jixiao('explain', file, '--table', '2', '--db', database);
    expect([stored.status, stored.stdout]).toEqual([0, fromFile.stdout]);
    expect(fromFile.stderr).toBe('');
    expect(stored.stderr).toBe(`jixiao explain: ${file} is not a file here: its reading stored in ${database} (document 1)\n`);
    // Neither a file nor in the database: the file's own error, as without --db.
    const neither = jixiao('explain', path.join(folder, 'other.html'), '--db', database);
    expect([neither.status, neither.stderr]).toEqual([1, `jixiao: ${path.join(folder, 'other.html')}: no such file\n`]);
  });

  it('shows one table with --table, and names a table that does not exist in one line with exit 1', () => {
    const one = jixiao('explain', path.join(FIXTURES, 'jiangmen-2021.html'), '--table', '2');
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^html, - pages, 2 tables after stitching\n\ntable 2 · /);
    expect(one.stdout).not.toContain('\ntable 1 ·');
    const missing = jixiao('explain', path.join(FIXTURES, 'jiangmen-2021.html'), '--table', '9');
    expect([missing.status, missing.stdout]).toEqual([1, '']);
    expect(missing.stderr).toBe(`jixiao: ${path.join(FIXTURES, 'jiangmen-2021.html')}: there is no table 9: the document has 2 table(s)\n`);
  });
});
