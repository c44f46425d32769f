/**
 * `jixiao crawl` as the nightly job runs it: the built CLI against the made-up site on 127.0.0.1,
 * exit statuses, the JSON summary, a sites file, `search` printing URLs, and a crawl killed with
 * SIGKILL then run again ending with the same database as a crawl never interrupted.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromSitesFile } from '../src/crawl/plan.js';
import { openStore, type Store } from '../src/store/db.js';
import { canonicalDump } from './support/database.js';
import { spawnCli } from './support/spawn-cli.js';
import { startTestSite, type TestSite } from './support/site-server.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-crawl-cli-'));
const QUICK = ['--timeout', '1', '--retries', '1', '--retry-wait', '0.05', '--jobs', '1', '--no-progress'];

/** The CLI in a child process, asynchronously: the site it crawls is served by this process. */
const jixiao = spawnCli;

function query<T>(database: string, sql: string): T[] {
  if (!existsSync(database)) return [];
  try {
    const db = new Database(database, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  } catch {
    return []; // not created yet, or being migrated
  }
}

/** Everything a crawl leaves, without ids, timestamps or the order work finished in. */
function crawlDump(db: Store): unknown {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    ...(canonicalDump(db) as object),
    provenance: all(`SELECT sha256, url, final_url, referrer_url, link_text, http_status, content_type, published_at FROM documents ORDER BY sha256`),
    queue: all(`SELECT q.site, q.url, q.referrer_url, q.link_text, q.published_at, q.state, q.outcome, q.reason, d.sha256
                FROM crawl_queue q LEFT JOIN documents d ON d.id = q.document_id ORDER BY q.url`),
    validators: all(`SELECT url, etag, last_modified, sha256, final_url, published_at, links_json FROM crawl_validators ORDER BY url`),
    runs: all(`SELECT finished_at IS NOT NULL AS finished, new, changed, unchanged, failed FROM crawl_runs`),
  };
}

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

describe('jixiao crawl', () => {
  it('prints a JSON summary with new, changed, unchanged and failed, and exits 1 when a URL failed', async () => {
    const database = path.join(temp(), 'db.sqlite');
    const run = await jixiao('crawl', `${site.origin}/yjsgk/index.html`, '--db', database, '--delay', '0.01', '--json', ...QUICK);
    expect(run.status).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ new: 5, changed: 0, unchanged: 1 });
    expect(summary.failed.map((f: { reason: string }) => f.reason.replaceAll(site.origin, ''))).toEqual([
      'timed out: no complete response within 1 s (2 attempts)',
      'redirect loop: /files/moved.pdf → /files/moved-again.pdf → /files/moved.pdf',
      'HTTP 404 Not Found',
      'an HTML page came back where a PDF file was linked (Content-Type text/html; charset=utf-8): 您访问的页面不存在或已被删除',
    ]);

    const search = await jixiao('search', '工业互联网专项资金', '--db', database);
    expect(search.status).toBe(0);
    expect(
      search.stdout
        .split('\n')
        .filter(Boolean)
        .every((line) => line.startsWith(`${site.origin}/`)),
    ).toBe(true);
  });

  it('exits 0 when nothing failed, with a summary for people', async () => {
    const database = path.join(temp(), 'db.sqlite');
    const run = await jixiao('crawl', `${site.origin}/yjsgk/t20220320_2.html`, '--follow', '/t20220320_2\\.html$', '--db', database, '--delay', '0', ...QUICK);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('new 3, changed 0, unchanged 0, failed 0, skipped 0, pages 1');
    expect(run.stdout).toContain(`new: ${site.origin}/files/jiangmen-2021.docx`);
  });

  it('exits 2 on a usage error, naming it', async () => {
    const none = await jixiao('crawl');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('give at least one start URL, or --sites FILE');
    const badFile = path.join(temp(), 'sites.yaml');
    writeFileSync(badFile, 'sites:\n  - start: www.example.gov.cn\n');
    const bad = await jixiao('crawl', '--sites', badFile);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('sites.0.start: must be an http:// or https:// URL');
    expect((await jixiao('crawl', 'http://127.0.0.1:9/', '--delay', 'soon')).status).toBe(2);
    expect((await jixiao('crawl', 'http://127.0.0.1:9/', '--sites', badFile)).status).toBe(2);
  });

  it('fails an unreachable site (nothing listening): exit 1, the reason on stderr', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const run = await jixiao('crawl', `http://127.0.0.1:${port}/yjsgk/index.html`, '--db', path.join(temp(), 'db.sqlite'), ...QUICK, '--retries', '0');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`jixiao crawl: 127.0.0.1:${port} unreachable: robots.txt could not be read: connection failed: ECONNREFUSED`);
  });

  it('lists a URL already failing the night before as still failing, and exits 1 only for new failures', async () => {
    const database = path.join(temp(), 'db.sqlite');
    const args = ['crawl', `${site.origin}/yjsgk/index.html`, '--db', database, '--delay', '0.01', ...QUICK];
    const first = await jixiao(...args);
    expect(first.status).toBe(1);
    expect(first.stderr).toContain(`jixiao crawl: failed: ${site.origin}/files/missing.pdf: HTTP 404 Not Found`);
    const second = await jixiao(...args);
    expect(second.status).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(second.stdout).toContain(`still failing since ${today}: ${site.origin}/files/missing.pdf: HTTP 404 Not Found`);
    expect(second.stderr).toBe('');
  });

  it('--discover finds the report sections from the home page, crawls them, and prints what it chose for sites.yaml', async () => {
    const run = await jixiao('crawl', '--discover', `${site.origin}/`, '--db', path.join(temp(), 'db.sqlite'), '--delay', '0.01', ...QUICK);
    expect(run.status).toBe(1);
    const host = new URL(site.origin).host;
    expect(run.stdout).toContain(`${host}: discovered 7 sections`);
    expect(run.stdout).toContain(`    start: ${site.origin}/col/col2871/index.html`);
    expect(run.stdout).toContain(`    follow: ^http://127\\.0\\.0\\.1:${new URL(site.origin).port}/col/col2871/`);
    expect(run.stdout).toContain(`new: ${site.origin}/DownFile.aspx?id=7 (江门市工业和信息化局, 2021, project)`);
    expect(run.stderr).toContain(`jixiao crawl: failed: ${site.origin}/bmjs/index.html: a not-found page answered with HTTP 200`);
  });

  it('ships a sites file example that parses', () => {
    const plan = planFromSitesFile(path.resolve(import.meta.dirname, '../sites.example.yaml'), {});
    expect(plan.sites.length).toBeGreaterThan(0);
  });

  // Three crawls and a start-up each: give it room on a loaded machine.
  it('resumes a crawl killed with SIGKILL and ends with the same database as an uninterrupted one', { timeout: 180_000 }, async () => {
    const folder = temp();
    const sites = path.join(folder, 'sites.yaml');
    writeFileSync(sites, `defaults:\n  delay: 0.15\nsites:\n  - name: 江门市财政局\n    start: ${site.origin}/yjsgk/index.html\n`);
    const args = (database: string) => ['crawl', '--sites', sites, '--db', database, '--json', ...QUICK];

    const reference = path.join(folder, 'reference.sqlite');
    expect((await jixiao(...args(reference))).status).toBe(1);

    const database = path.join(folder, 'killed.sqlite');
    const child = spawn(process.execPath, [CLI, ...args(database)], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while (query(database, 'SELECT id FROM documents').length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGKILL');
    await exited;
    expect(query(database, 'SELECT finished_at FROM crawl_runs')).toEqual([{ finished_at: null }]);
    const doneAtKill = query<{ url: string }>(database, `SELECT url FROM crawl_queue WHERE state != 'pending'`).map((r) => new URL(r.url).pathname);
    expect(doneAtKill.length).toBeGreaterThan(0);

    const before = site.requests.length;
    const resumed = await jixiao(...args(database));
    expect(resumed.status).toBe(1);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ resumed: true, new: 5, unchanged: 1 });
    const requestedAgain = site.requests
      .slice(before)
      .map((r) => r.path)
      .filter((p) => doneAtKill.includes(p));
    expect(requestedAgain).toEqual([]);
    expect(crawlDump(openStore(database, { readonly: true }))).toEqual(crawlDump(openStore(reference, { readonly: true })));
  });
});
