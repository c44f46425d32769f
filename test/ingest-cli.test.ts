/**
 * `jixiao ingest`, `search` and `export` as the nightly job and researchers run them: the built CLI,
 * worker threads, exit statuses, and a batch killed with SIGKILL then resumed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { canonicalDump } from './support/database.js';
import { FIXTURES } from './support/golden.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const jixiao = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-cli-'));

/** A folder of distinct documents: copies of fixtures, each made unique by a harmless trailer. */
function corpus(copies: number): string {
  const folder = temp();
  for (let i = 0; i < copies; i++) {
    for (const [file, trailer] of [
      ['jiangmen-2021.pdf', `\n% copy ${i}\n`],
      ['jiangmen-2021.txt', `\n副本 ${i}\n`],
      ['project-2021.html', `\n<!-- copy ${i} -->\n`],
    ]) {
      const target = path.join(folder, `${i}-${file}`);
      copyFileSync(path.join(FIXTURES, file), target);
      appendFileSync(target, trailer);
    }
  }
  return folder;
}

function documentCount(database: string): number {
  if (!existsSync(database)) return 0;
  try {
    const db = new Database(database, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or being migrated
  }
}

describe('jixiao ingest', () => {
  it('ingests with worker threads, prints a JSON summary, and exits 0; a rerun skips everything', () => {
    const folder = corpus(2);
    const database = path.join(temp(), 'db.sqlite');
    const first = jixiao('ingest', folder, '--db', database, '--jobs', '2', '--json', '--no-progress');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ files: 6, ingested: 6, skipped: 0, failed: [] });
    const again = jixiao('ingest', folder, '--db', database, '--jobs', '2', '--json', '--no-progress');
    expect(JSON.parse(again.stdout)).toMatchObject({ files: 6, ingested: 0, skipped: 6 });
  });

  it('exits 1 and names each bad file with its reason', () => {
    const database = path.join(temp(), 'db.sqlite');
    const run = jixiao('ingest', path.join(FIXTURES, 'bad'), path.join(FIXTURES, 'project-2021.html'), '--db', database, '--no-progress');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('ingested 3, skipped 0 (already stored), failed 4');
    expect(run.stdout).toContain(`failed: ${path.join(FIXTURES, 'bad/encrypted.pdf')}: password required: the PDF is encrypted`);
  });

  it('exits 2 on a usage error', () => {
    expect(jixiao('ingest').status).toBe(2);
    expect(jixiao('ingest', 'x', '--jobs', 'zero').status).toBe(2);
  });

  it('prints progress lines when stderr is not a terminal', () => {
    const run = jixiao('ingest', path.join(FIXTURES, 'project-2021.html'), '--db', path.join(temp(), 'db.sqlite'));
    expect(run.stderr).toMatch(/1\/1 files/);
  });

  it('finishes a batch killed with SIGKILL, with no duplicate and no lost row', async () => {
    const folder = corpus(8);
    const reference = path.join(temp(), 'reference.sqlite');
    expect(jixiao('ingest', folder, '--db', reference, '--jobs', '2', '--no-progress').status).toBe(0);

    const database = path.join(temp(), 'killed.sqlite');
    const child = spawn(process.execPath, [CLI, 'ingest', folder, '--db', database, '--jobs', '1', '--no-progress'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while (documentCount(database) < 4) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGKILL');
    await exited;
    const storedAtKill = documentCount(database);
    expect(storedAtKill).toBeLessThan(24);

    const resumed = jixiao('ingest', folder, '--db', database, '--json', '--no-progress');
    expect(resumed.status).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ skipped: storedAtKill, ingested: 24 - storedAtKill });
    expect(canonicalDump(openStore(database, { readonly: true }))).toEqual(canonicalDump(openStore(reference, { readonly: true })));
    // Three batches of 24 files, --jobs 1 reading in a worker thread too: over a minute on a loaded two-core machine.
  }, 240_000);
});

describe('jixiao search and export', () => {
  const database = path.join(temp(), 'db.sqlite');
  const seed = path.join(FIXTURES, 'jiangmen-2021.pdf');
  jixiao('ingest', seed, '--db', database, '--no-progress');

  it.each(['预算执行率', '绩效'])('finds the seed report with page numbers for %s', (query) => {
    const run = jixiao('search', query, '--db', database);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${seed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\tp\\.\\d+\t`, 'm'));
  });

  it('searches the sections a tag names, and refuses a tag it does not know', () => {
    const run = jixiao('search', '--section', '存在问题', '预算编制', '--db', database);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${seed}\tp.13\t1、存在问题\t`);
    expect(jixiao('search', '--section', '问题', '预算编制', '--db', database).status).toBe(2);
  });

  it('exits 1 when nothing is found', () => {
    expect(jixiao('search', '完全没有的词语组合', '--db', database).status).toBe(1);
  });

  it('exports a view as CSV', () => {
    const run = jixiao('export', 'missed_targets', '--db', database, '--format', 'csv');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(3);
  });
});
