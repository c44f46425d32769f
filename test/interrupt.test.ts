/**
 * A batch as a person at a terminal sees it: progress that names the file and, during OCR, the page;
 * Ctrl-C that says what was stored and how to go on, and leaves a database file complete on its own.
 * Runs the built command (its reading threads start from dist/).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceFile, announceOcrPage, onReadingEvent, type ReadingEvent } from '../src/extract/reading-events.js';
import { readingLabel } from '../src/ingest/progress.js';
import { FIXTURES } from './support/golden.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-interrupt-'));

describe('what the progress line says is being read', () => {
  it('is the file, and during OCR the page', async () => {
    const events: ReadingEvent[] = [];
    const stop = onReadingEvent((event) => events.push(event));
    announceFile('/data/reports/scan.pdf');
    announceOcrPage(7, 2, 5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(events.map(readingLabel)).toEqual(['scan.pdf', 'scan.pdf: OCR page 7 (3 of 5)']);
  });
});

describe('Ctrl-C during ingest', () => {
  it('says how many files were stored and how to resume, checkpoints the WAL, and a rerun finishes the rest', async () => {
    const folder = temp();
    for (const file of ['project-2021.html', 'jiangmen-2021.txt', 'jiangmen-2021-scanned.pdf', 'scanned/project-2021-scan.pdf'])
      copyFileSync(path.join(FIXTURES, file), path.join(folder, path.basename(file)));
    const database = path.join(temp(), 'db.sqlite');
    const child = spawn(process.execPath, [CLI, 'ingest', folder, '--db', database, '--jobs', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    const ocrShown = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        if (/scanned\.pdf: OCR page \d+|scan\.pdf: OCR page \d+/.test(stderr)) resolve();
      }),
    );
    const ended = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    await ocrShown;
    child.kill('SIGINT');
    expect(await ended).toBe('SIGINT');
    const said =
      /jixiao: interrupted: (\d+) files stored in (.+) by this run, each complete; run the same command again to read the rest \(stored files are skipped\)/.exec(
        stderr,
      );
    expect(said?.[2]).toBe(database);
    expect(statSync(`${database}-wal`).size).toBe(0);
    const stored = Number(said![1]);
    const rerun = spawn(process.execPath, [CLI, 'ingest', folder, '--db', database, '--jobs', '1', '--json', '--no-progress']);
    let out = '';
    rerun.stdout.on('data', (chunk) => (out += chunk));
    await new Promise((resolve) => rerun.on('exit', resolve));
    expect(JSON.parse(out)).toMatchObject({ files: 4, skipped: stored, ingested: 4 - stored, failed: [] });
  }, 300_000);
});
