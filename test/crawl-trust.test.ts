/**
 * Trust in every crawl run: an error of the store itself (a full disk) stops the run with one line and
 * is never recorded as a URL's failure, so the next run fetches what was not stored; and every failed
 * URL carries its kind, stored with its queue row and counted in the summary.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromUrls } from '../src/crawl/plan.js';
import { crawl } from '../src/crawl/run.js';
import { inProcessRunner } from '../src/ingest/run.js';
import { openStore } from '../src/store/db.js';
import { startTestSite, type TestSite } from './support/site-server.js';

const QUICK = { delay: 0.01, timeout: 1, retries: 1, retry_wait: 0.05 };

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => {
  await site.close();
});

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-crawl-trust-'));
const plan = () => planFromUrls([`${site.origin}/yjsgk/index.html`], [], QUICK);
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function rows<T>(database: string, sql: string): T[] {
  const db = openStore(database, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** A store that may grow by only a few pages: SQLite itself answers SQLITE_FULL, as on a full disk. */
const fillingStore = (pages: number) => (file: string) => {
  const db = openStore(file);
  const used = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${used + pages}`);
  return db;
};

describe('crawl: an error of the store itself', () => {
  it('stops the run with one line, fails no URL, and a re-run with space stores every document once', { timeout: 120_000 }, async () => {
    const reference = path.join(temp(), 'reference.sqlite');
    const whole = await crawl(plan(), { database: reference, runner: inProcessRunner() });
    const expected = rows<{ url: string }>(reference, 'SELECT url FROM documents ORDER BY url').map((d) => d.url);
    expect(expected.length).toBeGreaterThan(3);

    const database = path.join(temp(), 'db.sqlite');
    await expect(crawl(plan(), { database, runner: inProcessRunner(), openStore: fillingStore(24) })).rejects.toThrow(
      new RegExp(`^cannot write to the database ${escaped(database)}: database or disk is full \\(SQLITE_FULL\\); the files not yet stored are read again on the next run$`),
    );
    expect(rows(database, `SELECT url, reason FROM crawl_queue WHERE reason LIKE '%internal error%' OR reason LIKE '%full%'`)).toEqual([]);
    expect(rows(database, `SELECT url FROM documents WHERE status != 'ok'`)).toEqual([]);
    const before = rows<{ n: number }>(database, 'SELECT count(*) AS n FROM documents')[0].n;
    expect(before).toBeLessThan(expected.length);

    const again = await crawl(plan(), { database, runner: inProcessRunner() });
    expect(again.resumed).toBe(true);
    expect(rows<{ url: string }>(database, 'SELECT url FROM documents ORDER BY url').map((d) => d.url)).toEqual(expected);
    expect(rows(database, 'SELECT url, count(*) AS n FROM documents GROUP BY url HAVING n > 1')).toEqual([]);
    expect(again.failed.map((f) => [f.url, f.reason]).sort()).toEqual(whole.failed.map((f) => [f.url, f.reason]).sort());
  });
});
