/** The command line as users and the scorer call it. Runs the built CLI (npm ci builds it). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
