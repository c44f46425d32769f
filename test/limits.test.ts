/**
 * One file must never stall or sink a batch: a reading thread past its time or heap limit is ended
 * and replaced, the file is stored as failed with the reason, and the files after it are read. The
 * two hostile files of the issue end, through the built CLI, within 15 s and 600 MB, with one line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_UNPACK_LIMITS } from '../src/extract/unpack/index.js';
import { ingest, workerRunner } from '../src/ingest/run.js';
import { FIXTURES } from './support/golden.js';
import { docxBomb, xlsxDeclaringGigabytes } from './support/hostile.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const PEAK_RSS = path.resolve(import.meta.dirname, 'support/peak-rss.mjs');
const STUCK_WORKER = new URL('./support/stuck-worker.mjs', import.meta.url);
const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-limits-'));

describe('the reading pool under limits', () => {
  // The clock includes starting a replacement thread and loading the readers, seconds on a busy machine.
  it('ends a thread that runs too long or swells, records why, replaces it, and reads on', async () => {
    const folder = temp();
    for (const name of ['a-spin.txt', 'b-swell.txt']) writeFileSync(path.join(folder, name), `${name}\n`);
    writeFileSync(path.join(folder, 'c-report.txt'), readFileSync(path.join(FIXTURES, 'jiangmen-2021.txt')));
    const database = path.join(temp(), 'db.sqlite');
    const runner = workerRunner(1, { limits: { timeoutSeconds: 10, heapMb: 64, unpack: DEFAULT_UNPACK_LIMITS }, workerFile: STUCK_WORKER });
    try {
      const summary = await ingest([folder], { database, runner });
      expect(summary).toMatchObject({ files: 3, ingested: 1 });
      expect(summary.failed).toEqual([
        { path: path.join(folder, 'a-spin.txt'), error: 'took longer than 10 s (--file-timeout)', kind: 'timeout' },
        { path: path.join(folder, 'b-swell.txt'), error: "needed more than 64 MB of memory (the reading worker's heap limit)", kind: 'memory' },
      ]);
    } finally {
      await runner.close();
    }
    const db = new Database(database, { readonly: true });
    const rows = db.prepare('SELECT path, status, error FROM documents ORDER BY path').all() as { path: string; status: string; error: string | null }[];
    db.close();
    expect(rows.map((r) => [path.basename(r.path), r.status, r.error])).toEqual([
      ['a-spin.txt', 'failed', 'took longer than 10 s (--file-timeout)'],
      ['b-swell.txt', 'failed', "needed more than 64 MB of memory (the reading worker's heap limit)"],
      ['c-report.txt', 'ok', null],
    ]);
  }, 60_000);
});

describe('the hostile files through the CLI', () => {
  /** Runs `jixiao extract FILE --json`, with its wall time and peak memory (all threads). */
  function extract(bytes: Buffer, name: string, ...options: string[]) {
    const folder = temp();
    const file = path.join(folder, name);
    writeFileSync(file, bytes);
    const peakFile = path.join(folder, 'peak');
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', PEAK_RSS, CLI, 'extract', file, '--json', ...options], {
      encoding: 'utf8',
      env: { ...process.env, PEAK_RSS_FILE: peakFile },
    });
    return { ...run, file, seconds: (Date.now() - started) / 1000, peakMb: Number(readFileSync(peakFile, 'utf8')) / 1024 };
  }

  it.each([
    ['a DOCX whose document.xml unpacks to 1.5 GB, declared', () => docxBomb('true size'), 'bomb.docx', 'too large when unpacked (1,536 MB, limit 256 MB)'],
    ['the same DOCX declaring its original size', () => docxBomb('small size'), 'bomb.docx', 'too large when unpacked (more than 256 MB, limit 256 MB)'],
    ['a workbook whose headers declare 4 GB sheets', xlsxDeclaringGigabytes, 'book.xlsx', 'too large when unpacked (4,096 MB, limit 256 MB)'],
  ])(
    '%s: one line, exit 1, within 15 s and 600 MB',
    (_, bytes, name, reason) => {
      const run = extract(bytes(), name);
      expect(run.stderr).toBe(`jixiao: ${run.file}: ${reason}\n`);
      expect(run.stdout).toBe('');
      expect(run.status).toBe(1);
      expect(run.seconds).toBeLessThan(15);
      expect(run.peakMb).toBeLessThan(600);
    },
    30_000,
  );

  it('takes the limit from --max-unpacked', () => {
    const run = extract(docxBomb('true size'), 'bomb.docx', '--max-unpacked', '2000');
    expect(run.stderr).toMatch(/too large when unpacked \(bomb.docx|word\/document\.xml: [\d,]+× its compressed size, limit 500×\)/);
    expect(run.status).toBe(1);
  }, 30_000);

  it('ends a file past --file-timeout with one line', () => {
    const run = extract(readFileSync(path.join(FIXTURES, 'jiangmen-2021.pdf')), 'slow.pdf', '--file-timeout', '0.01');
    expect(run.stderr).toBe(`jixiao: ${run.file}: took longer than 0.01 s (--file-timeout)\n`);
    expect(run.status).toBe(1);
  }, 30_000);

  it('ends a scan past --file-timeout during OCR with that reason, and the batch goes on (the process never aborts)', () => {
    const database = path.join(temp(), 'db.sqlite');
    const run = spawnSync(
      process.execPath,
      [
        CLI,
        'ingest',
        path.join(FIXTURES, 'jiangmen-2021-scanned.pdf'),
        path.join(FIXTURES, 'project-2021.html'),
        '--db',
        database,
        '--file-timeout',
        '2',
        '--jobs',
        '1',
        '--json',
        '--no-progress',
      ],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ingested: 1,
      failed: [{ path: path.join(FIXTURES, 'jiangmen-2021-scanned.pdf'), error: 'took longer than 2 s (--file-timeout)', kind: 'timeout' }],
    });
  }, 60_000);
});
