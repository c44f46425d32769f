/** The README's first command: a newcomer reads every bundled report, and it succeeds. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

describe("README's first command", () => {
  it('ingests the bundled reports, leaving out the broken ones, and exits 0', () => {
    const database = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-demo-')), 'demo.sqlite');
    const args = ['dist/cli.js', 'ingest', 'fixtures', '--exclude', 'fixtures/bad', 'fixtures/jiangmen-2021-scanned.pdf', '--db', database, '--json', '--no-progress'];
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(run.stdout)).toMatchObject({ failed: [] });
    expect(run.status).toBe(0);
  }, 300_000);
});
