/** The README's first command: a newcomer reads every bundled report, and it succeeds. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The README's first line of commands, after `npm ci &&`: what a newcomer runs first. */
const FIRST_COMMAND = /```sh\n(?:npm ci && )?npx jixiao ([^\n]+)\n/.exec(readFileSync(path.join(ROOT, 'README.md'), 'utf8'))![1].split(/\s+/);

describe("README's first command", () => {
  it('is an ingest of the bundled reports that leaves out the broken ones', () => {
    expect(FIRST_COMMAND).toEqual(['ingest', 'fixtures', '--exclude', 'fixtures/bad']);
  });

  it('ingests them all, scans included, and exits 0', () => {
    const database = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-demo-')), 'demo.sqlite');
    const args = ['dist/bin/cli.js', ...FIRST_COMMAND, '--db', database, '--json', '--no-progress'];
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(run.stdout)).toMatchObject({ failed: [] });
    expect(run.status).toBe(0);
  }, 600_000);
});
