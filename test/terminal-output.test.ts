/**
 * What reaches a terminal and what reaches a file: control characters a document holds never reach
 * the terminal through `search`, and `export --out` replaces a file only when the export succeeded.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printable } from '../src/cli/terminal.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const jixiao = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-terminal-'));

describe('terminal output', () => {
  it('drops control characters, escape sequences and bidirectional overrides, and keeps each field on its line', () => {
    expect(printable('预算\u001b]0;owned\u0007执行率\u001b[2J\r\n达到\u202e95%\u0000')).toBe('预算]0;owned执行率[2J 达到95%');
  });

  it('search prints no control character a document holds', () => {
    const folder = temp();
    const page = `<html><body><h1>某局2021年度部门整体支出绩效自评报告</h1><p>预算执行率\u001b[2J\u001b]0;owned\u0007达到百分之九十五。</p></body></html>`;
    writeFileSync(path.join(folder, 'crafted.html'), page);
    const database = path.join(folder, 'db.sqlite');
    expect(jixiao('ingest', folder, '--db', database, '--no-progress').status).toBe(0);
    const run = jixiao('search', '预算执行率', '--db', database);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('预算执行率');
    // eslint-disable-next-line no-control-regex -- the test looks for control characters
    expect(run.stdout.replace(/[\t\n]/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('export --out', () => {
  it('leaves an existing file as it was when the export fails (a mistyped table name), and leaves no temporary file', () => {
    const folder = temp();
    const database = path.join(folder, 'db.sqlite');
    expect(jixiao('ingest', path.resolve(import.meta.dirname, '../fixtures/project-2021.html'), '--db', database, '--no-progress').status).toBe(0);
    const out = path.join(folder, 'targets.csv');
    writeFileSync(out, 'yesterday\n');
    const run = jixiao('export', 'missed_targetz', '--db', database, '--out', out);
    expect(run.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('yesterday\n');
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(jixiao('export', 'missed_targets', '--db', database, '--out', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^\ufeffdepartment,region,year/);
  });
});
