/**
 * `jixiao search … | head -3`: a reader that closes the pipe early is saying "enough". search, export
 * and extract stop quietly with exit status 0, never a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support/golden.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');

/** Runs the CLI with its stdout pipe closed from the reading end before it writes a byte. */
function withClosedStdout(...args: string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}

describe('a closed stdout pipe', () => {
  const database = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-pipes-')), 'db.sqlite');
  spawnSync(process.execPath, [
    CLI,
    'ingest',
    path.join(FIXTURES, 'jiangmen-2021.pdf'),
    path.join(FIXTURES, 'project-2021.docx'),
    '--db',
    database,
    '--no-progress',
  ]);

  it.each([
    ['search', ['search', '预算', '--limit', '500', '--db', database]],
    ['export', ['export', 'source_cells', '--db', database]],
    ['export as JSON', ['export', 'indicator_results', '--format', 'json', '--db', database]],
    ['extract', ['extract', path.join(FIXTURES, 'jiangmen-2021.txt'), '--json']],
  ])(
    '%s stops quietly with exit status 0',
    async (_, args) => {
      expect(await withClosedStdout(...args)).toEqual({ status: 0, stderr: '' });
    },
    30_000,
  );
});
