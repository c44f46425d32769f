/**
 * Several writers on one database, as the README sets them up: two `ingest` processes at once, and
 * an `ingest` beside the nightly `crawl`. They wait for each other: every document is stored exactly
 * once, none is lost, and nobody meets "database is locked". Each round starts on a fresh database,
 * so schema setup races too.
 */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from './support/spawn-cli.js';
import { FIXTURES } from './support/golden.js';
import { startTestSite, type TestSite } from './support/site-server.js';

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-writers-'));
const ROUNDS = 3;

const jixiao = spawnCli;

/** `count` distinct small reports (HTML and text, quick to read) in a new folder, named with `prefix`. */
function reports(prefix: string, count: number): string {
  const folder = path.join(temp(), prefix);
  mkdirSync(folder);
  for (let i = 0; i < count; i++) {
    const [file, trailer] = i % 2 ? ['jiangmen-2021.txt', `\n${prefix} 副本 ${i}\n`] : ['project-2021.html', `\n<!-- ${prefix} copy ${i} -->\n`];
    const target = path.join(folder, `${i}-${file}`);
    copyFileSync(path.join(FIXTURES, file), target);
    appendFileSync(target, trailer);
  }
  return folder;
}

function rows(database: string): { path: string; status: string }[] {
  const db = new Database(database, { readonly: true });
  try {
    return db.prepare('SELECT path, status FROM documents ORDER BY path').all() as { path: string; status: string }[];
  } finally {
    db.close();
  }
}

const INGEST = ['--jobs', '2', '--json', '--no-progress'];

describe('two ingests at once on one database', () => {
  it(`store every document exactly once, none lost, in ${ROUNDS} rounds on fresh databases`, { timeout: 300_000 }, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const own = [reports(`a${round}`, 24), reports(`b${round}`, 24)];
      const shared = reports(`shared${round}`, 16);
      const database = path.join(temp(), 'db.sqlite');
      const runs = await Promise.all(own.map((folder) => jixiao('ingest', folder, shared, '--db', database, ...INGEST)));
      for (const run of runs) {
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject({ files: 40, failed: [] });
      }
      // Each shared file is ingested by one of the two and skipped by the other.
      const summaries = runs.map((run) => JSON.parse(run.stdout));
      expect(summaries[0].ingested + summaries[1].ingested).toBe(64);
      const stored = rows(database);
      expect(stored).toHaveLength(64);
      expect(new Set(stored.map((r) => r.path)).size).toBe(64);
      expect(stored.every((r) => r.status === 'ok')).toBe(true);
    }
  });
});

describe('an ingest beside a crawl', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(() => site.close());

  it(`both store everything they should, in ${ROUNDS} rounds on fresh databases`, { timeout: 300_000 }, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const folder = reports(`c${round}`, 32);
      const database = path.join(temp(), 'db.sqlite');
      const [crawl, ingest] = await Promise.all([
        jixiao(
          'crawl',
          `${site.origin}/yjsgk/index.html`,
          '--db',
          database,
          '--delay',
          '0',
          '--timeout',
          '1',
          '--retries',
          '1',
          '--retry-wait',
          '0.05',
          '--jobs',
          '1',
          '--json',
          '--no-progress',
        ),
        jixiao('ingest', folder, '--db', database, ...INGEST),
      ]);
      expect(ingest.stderr).toBe('');
      expect(ingest.status).toBe(0);
      expect(JSON.parse(ingest.stdout)).toMatchObject({ files: 32, ingested: 32, failed: [] });
      const crawled = JSON.parse(crawl.stdout);
      // The site's own broken routes fail (404, a loop, a slow answer); nothing fails on the database.
      expect(JSON.stringify(crawled.failed)).not.toMatch(/database is locked|SQLITE_|internal error/i);
      expect(crawled.new).toBe(5);
      const stored = rows(database);
      expect(stored.filter((r) => r.path.startsWith(folder))).toHaveLength(32);
      expect(stored.filter((r) => r.path.startsWith(site.origin))).toHaveLength(5);
    }
  });
});
