/**
 * Trust in every crawl run: an error of the store itself (a full disk) stops the run with one line and
 * is never recorded as a URL's failure, so the next run fetches what was not stored; and every failed
 * URL carries its kind, stored with its queue row and counted in the summary.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpReason } from '../src/crawl/fetch.js';
import { planFromUrls } from '../src/crawl/plan.js';
import { robotsFromAnswer } from '../src/crawl/robots.js';
import { crawl } from '../src/crawl/run.js';
import { summaryText } from '../src/crawl/summary.js';
import { errorKind } from '../src/extract/errors.js';
import { inProcessRunner } from '../src/ingest/run.js';
import { migrate } from '../src/store/db.js';
import { canMountSmallFileSystem, databaseBefore, fillingStore, query, smallFileSystem } from './support/full-store.js';
import { startTestSite, type TestSite } from './support/site-server.js';
import { spawnCli } from './support/spawn-cli.js';

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
/** Room for the schema and a page or two, not for the reports. */
const SMALL = '400k';
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('crawl: an error of the store itself', () => {
  it('stops the run with one line, fails no URL, and a re-run with space stores every document once', { timeout: 120_000 }, async () => {
    const reference = path.join(temp(), 'reference.sqlite');
    const whole = await crawl(plan(), { database: reference, runner: inProcessRunner() });
    const expected = query<{ url: string }>(reference, 'SELECT url FROM documents ORDER BY url').map((d) => d.url);
    expect(expected.length).toBeGreaterThan(3);

    const database = path.join(temp(), 'db.sqlite');
    await expect(crawl(plan(), { database, runner: inProcessRunner(), openStore: fillingStore(24) })).rejects.toThrow(
      new RegExp(
        `^cannot write to the database ${escaped(database)}: database or disk is full \\(SQLITE_FULL\\); the files not yet stored are read again on the next run$`,
      ),
    );
    expect(query(database, `SELECT url, reason FROM crawl_queue WHERE reason LIKE '%internal error%' OR reason LIKE '%full%'`)).toEqual([]);
    expect(query(database, `SELECT url FROM documents WHERE status != 'ok'`)).toEqual([]);
    const before = query<{ n: number }>(database, 'SELECT count(*) AS n FROM documents')[0].n;
    expect(before).toBeLessThan(expected.length);

    const again = await crawl(plan(), { database, runner: inProcessRunner() });
    expect(again.resumed).toBe(true);
    expect(query<{ url: string }>(database, 'SELECT url FROM documents ORDER BY url').map((d) => d.url)).toEqual(expected);
    expect(query(database, 'SELECT url, count(*) AS n FROM documents GROUP BY url HAVING n > 1')).toEqual([]);
    expect(again.failed.map((f) => [f.url, f.reason]).sort()).toEqual(whole.failed.map((f) => [f.url, f.reason]).sort());
  });
});

describe('crawl on a real full disk', () => {
  const QUICK_CLI = ['--delay', '0.01', '--timeout', '1', '--retries', '1', '--retry-wait', '0.05', '--jobs', '1', '--no-progress'];
  it.skipIf(!canMountSmallFileSystem())(
    'exits 1 with one line on stderr; after space returns a re-run stores every document once',
    { timeout: 120_000 },
    async () => {
      const small = smallFileSystem(SMALL)!;
      try {
        const database = path.join(small.folder, 'db.sqlite');
        const full = await spawnCli('crawl', `${site.origin}/yjsgk/index.html`, '--db', database, ...QUICK_CLI);
        expect(full.status).toBe(1);
        expect(full.stderr).toMatch(
          new RegExp(
            `^jixiao: cannot write to the database ${escaped(database)}: [^\n]+ \\(SQLITE_(FULL|IOERR)[A-Z_]*\\); the files not yet stored are read again on the next run\n$`,
          ),
        );
        small.grow('64m');
        expect(query(database, `SELECT url FROM crawl_queue WHERE reason LIKE '%internal error%' OR reason LIKE '%SQLITE%' OR reason LIKE '%disk%'`)).toEqual(
          [],
        );
        expect(query<{ n: number }>(database, 'SELECT count(*) AS n FROM documents')[0].n).toBeLessThan(5);
        const again = await spawnCli('crawl', `${site.origin}/yjsgk/index.html`, '--db', database, '--json', ...QUICK_CLI);
        const summary = JSON.parse(again.stdout);
        expect(summary).toMatchObject({ resumed: true, failed_by_kind: { http_status: 1, network: 1, not_a_report: 1, redirect: 1 } });
        expect(query(database, 'SELECT url, count(*) AS n FROM documents GROUP BY url HAVING n > 1')).toEqual([]);
        expect(query<{ n: number }>(database, `SELECT count(*) AS n FROM documents WHERE status = 'ok'`)[0].n).toBe(5);
      } finally {
        small.remove();
      }
    },
  );
});

describe('crawl: the kind of each failure', () => {
  /** A minimal reason per kind, in the words the crawl writes them. */
  const reasons: [string, string][] = [
    ['connection failed: ECONNREFUSED (2 attempts)', 'network'],
    ['timed out: no complete response within 30 s (3 attempts)', 'network'],
    ['could not connect within 10 s', 'network'],
    ['no such host: www.example.gov.cn', 'network'],
    [robotsFromAnswer('http://a.gov.cn/robots.txt', { failure: 'no such host: a.gov.cn' }).unavailable!, 'network'],
    [httpReason(404), 'http_status'],
    [`${httpReason(503)} (3 attempts)`, 'http_status'],
    [robotsFromAnswer('http://a.gov.cn/robots.txt', { status: 500, text: '' }).unavailable!, 'http_status'],
    ['a not-found page answered with HTTP 200 (title "页面不存在")', 'http_status'],
    ['a page like this site’s own 404 page answered with HTTP 200', 'http_status'],
    ['redirect loop: http://a.gov.cn/x.pdf → http://a.gov.cn/y.pdf → http://a.gov.cn/x.pdf', 'redirect'],
    ['more than 5 redirects', 'redirect'],
    [`${httpReason(302)} without a Location`, 'redirect'],
    ['redirected to http://b.gov.cn/x.pdf: another host (b.gov.cn)', 'redirect'],
    ['the page sends readers to http://b.gov.cn/: another host (b.gov.cn)', 'redirect'],
    ['response of 60000000 bytes is over the 52428800-byte cap', 'too_large'],
    ['empty response', 'empty'],
    ['an HTML page came back where a PDF file was linked: 您访问的页面不存在', 'not_a_report'],
    ['not a report format (Content-Type image/png)', 'not_a_report'],
    ['a ZIP archive holding no report', 'not_a_report'],
    ['a ZIP archive that cannot be read: invalid zip data', 'damaged'],
    ['password required', 'encrypted'],
    ['damaged PDF: bad XRef entry', 'damaged'],
    ['internal error: x is not a function', 'internal'],
  ];
  it.each(reasons)('%s → %s', (reason, kind) => {
    expect(errorKind(reason)).toBe(kind);
  });

  it('is stored with each failed queue row and counted by kind in the summary, text and JSON', { timeout: 60_000 }, async () => {
    const database = path.join(temp(), 'db.sqlite');
    const summary = await crawl(plan(), { database, runner: inProcessRunner() });
    const byKind = query<{ error_kind: string; n: number }>(
      database,
      `SELECT error_kind, count(*) AS n FROM crawl_queue WHERE state = 'failed' GROUP BY error_kind ORDER BY n DESC, error_kind`,
    );
    expect(Object.keys(summary.failed_by_kind)).toEqual(expect.arrayContaining(['http_status', 'network', 'not_a_report', 'redirect']));
    expect(Object.fromEntries(byKind.map((k) => [k.error_kind, k.n]))).toEqual(summary.failed_by_kind);
    expect(query(database, `SELECT url FROM crawl_queue WHERE (state = 'failed') != (error_kind IS NOT NULL)`)).toEqual([]);
    for (const failure of summary.failed) expect(failure.kind).toBe(errorKind(failure.reason));
    const line = `  failed by kind: ${Object.entries(summary.failed_by_kind)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ')}`;
    expect(summaryText(summary).split('\n')).toContain(line);
    expect(JSON.parse(JSON.stringify(summary)).failed_by_kind).toEqual(summary.failed_by_kind);
  });

  it('is filled in for the failures a database held before the column', () => {
    const raw = databaseBefore(path.join(temp(), 'old.sqlite'), 'V_CRAWL_ERROR_KIND');
    raw.exec(`
      INSERT INTO crawl_runs (id, started_at, plan_json) VALUES (1, '2026-01-01', '{}');
      INSERT INTO crawl_queue (run_id, site, host, url, state, reason) VALUES
        (1, 'a', 'a.gov.cn', 'http://a.gov.cn/1', 'failed', 'HTTP 404 Not Found'),
        (1, 'a', 'a.gov.cn', 'http://a.gov.cn/2', 'failed', 'connection failed: ECONNRESET'),
        (1, 'a', 'a.gov.cn', 'http://a.gov.cn/3', 'skipped', 'disallowed by robots.txt');
    `);
    migrate(raw);
    expect(raw.prepare('SELECT url, error_kind FROM crawl_queue ORDER BY url').all()).toEqual([
      { url: 'http://a.gov.cn/1', error_kind: 'http_status' },
      { url: 'http://a.gov.cn/2', error_kind: 'network' },
      { url: 'http://a.gov.cn/3', error_kind: null },
    ]);
    raw.close();
  });
});
