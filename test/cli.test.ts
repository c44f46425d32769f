/**
 * The command line as users and the scorer call it. extract runs the built CLI (npm ci builds it): it
 * reads in a worker thread from dist/; the other commands run in-process through buildProgram().
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest, inProcessRunner } from '../src/ingest/run.js';
import { runCli } from './support/cli.js';
import { FIXTURES } from './support/golden.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const jixiao = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('jixiao extract', () => {
  it('prints the contract JSON of a report', () => {
    const run = jixiao('extract', path.join(FIXTURES, 'project-2021.html'), '--json');
    expect(run.status).toBe(0);
    const record = JSON.parse(run.stdout);
    expect(record.source).toMatchObject({ format: 'html', pages: null });
    expect(record.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.report).toMatchObject({ kind: 'project', project: '市工业互联网专项资金', self_score: 97.77 });
  });

  it('prints a summary without --json', () => {
    const run = jixiao('extract', path.join(FIXTURES, 'jiangmen-2021.txt'));
    expect(run.stdout).toContain('5 budget lines, 81 indicators, 2 missed');
  });

  it('fails on a bad file with one line that names the file and the reason', () => {
    const file = path.join(FIXTURES, 'bad/not-really.docx');
    const run = jixiao('extract', file, '--json');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([`jixiao: ${file}: not a DOCX file: no ZIP container (damaged, or the extension is wrong)`]);
  });

  it('with --no-ocr, fails on a scan with the one line it always gave', () => {
    const file = path.join(FIXTURES, 'jiangmen-2021-scanned.pdf');
    const run = jixiao('extract', file, '--no-ocr');
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([`jixiao: ${file}: no text layer: scanned PDF, OCR needed`]);
  });
});

describe('the commands in-process (buildProgram)', () => {
  const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-cli-'));
  const database = path.join(temp(), 'db.sqlite');
  beforeAll(async () => {
    await ingest([path.join(FIXTURES, 'jiangmen-2021.txt'), path.join(FIXTURES, 'jiangmen-2021.html'), path.join(FIXTURES, 'project-2021.html')], {
      database,
      runner: inProcessRunner(),
    });
  }, 60_000);

  it('jixiao alone prints the help on stderr and exits 2 (a usage error)', async () => {
    const run = await runCli();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: jixiao');
    expect(run.stdout).toBe('');
    expect((await runCli('--help')).status).toBe(0);
    expect((await runCli('help')).status).toBe(0);
    expect((await runCli('no-such-command')).status).toBe(2);
  });

  it('export creates the folder of --out and picks the format from its extension', async () => {
    const folder = path.join(temp(), 'not', 'yet');
    const run = await runCli('export', 'reports', '--db', database, '--out', path.join(folder, 'reports.json'));
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const rows = JSON.parse(readFileSync(path.join(folder, 'reports.json'), 'utf8'));
    expect(rows.map((row: { department: string }) => row.department)).toContain('江门市工业和信息化局');
    // --format wins over the extension.
    expect((await runCli('export', 'reports', '--db', database, '--out', path.join(folder, 'r.json'), '--format', 'csv')).status).toBe(0);
    expect(readFileSync(path.join(folder, 'r.json'), 'utf8')).toMatch(/^\ufeffid,document_id,/);
  });

  it('writes a CSV file with a byte-order mark (Excel on a Chinese Windows reads it as UTF-8), unless --no-excel', async () => {
    const folder = temp();
    await runCli('export', 'reports', '--db', database, '--out', path.join(folder, 'a.csv'));
    expect(readFileSync(path.join(folder, 'a.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    await runCli('export', 'reports', '--db', database, '--out', path.join(folder, 'b.csv'), '--no-excel');
    expect(readFileSync(path.join(folder, 'b.csv'), 'utf8')).toMatch(/^id,/);
  });

  it('names the database file in every database error', async () => {
    const missing = path.join(temp(), 'none.sqlite');
    const absent = await runCli('search', '预算编制', '--db', missing);
    expect(absent.status).toBe(1);
    expect(absent.stderr).toBe(`jixiao: ${missing}: no such database (run jixiao ingest or crawl first, or give --db)\n`);
    const garbage = path.join(temp(), 'notes.sqlite');
    writeFileSync(garbage, 'these are notes, not a database'.repeat(100));
    for (const args of [
      ['search', '预算编制'],
      ['export', 'reports'],
      ['search', '--section', '存在问题', '预算编制'],
    ]) {
      const run = await runCli(...args, '--db', garbage);
      expect([args, run.status, run.stderr]).toEqual([args, 1, `jixiao: ${garbage}: file is not a database\n`]);
    }
  });

  it('search prints one line per report and says on stderr what the limit left out', async () => {
    const run = await runCli('search', '绩效', '--db', database, '--limit', '1');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/\t江门市工业和信息化局 2021( \(\d copies\))?\t/);
    expect(run.stderr).toMatch(/^jixiao: 1 of [2-9]\d* reports shown \(--limit\)\n$/);
  });

  it('search says when nothing is found, and marks a partial match', async () => {
    const none = await runCli('search', '完全没有的词语组合', '--db', database);
    expect(none).toMatchObject({ status: 1, stdout: '', stderr: 'jixiao: nothing found for "完全没有的词语组合"\n' });
    const near = await runCli('search', '预算执行率', '--db', database);
    expect(
      near.stdout
        .split('\n')
        .filter(Boolean)
        .every((line) => line.split('\t').pop()!.startsWith('≈ ')),
    ).toBe(true);
    expect(near.stderr).toContain('occurs nowhere; ≈ marks texts holding most of it');
  });
});

describe('jixiao search with several words', () => {
  it('reads them as terms that must all occur, quoted or not', async () => {
    const database = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-cli-')), 'db.sqlite');
    await ingest([path.join(FIXTURES, 'project-2021.html')], { database, runner: inProcessRunner() });
    const quoted = await runCli('search', '绩效 自评', '--db', database);
    expect(quoted.status).toBe(0);
    expect(await runCli('search', '绩效', '自评', '--db', database)).toEqual(quoted);
  }, 60_000);
});
