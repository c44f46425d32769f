/**
 * Many crawlers, one store: two `jixiao crawl` processes over the same two sites, at once, into one
 * PostgreSQL database. Every URL is fetched once per run (the test sites' logs hold the same requests
 * as a lone crawler's), no host is asked faster than its delay (from the sites' logs), every document
 * is stored once, and a crawler killed with SIGKILL mid-run loses nothing: the other finishes its URLs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { freshDatabase, queryRows as query, testServer } from './support/postgres.js';
import { CLI, spawnCli } from './support/spawn-cli.js';
import { startTestSite, type LoggedRequest, type TestSite } from './support/site-server.js';

const server = testServer();
const DELAY_SECONDS = 0.25;
const QUICK = ['--timeout', '1', '--retries', '1', '--retry-wait', '0.05', '--jobs', '1', '--no-progress', '--json'];

const sites: TestSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((site) => site.close()));
});

/**
 * Two test servers (two hosts: two ports of 127.0.0.1) and the sites file naming three sites on them:
 * two sections of the first host, so that both crawlers work on one host at once, and one of the second.
 */
async function twoHosts(): Promise<{ file: string; hosts: TestSite[] }> {
  const hosts = [await startTestSite(), await startTestSite()];
  sites.push(...hosts);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-pg-crawl-')), 'sites.yaml');
  const starts = [`${hosts[0].origin}/yjsgk/index.html`, `${hosts[0].origin}/jxzp/index.html`, `${hosts[1].origin}/yjsgk/index.html`];
  const entries = starts.map((start, i) => `  - name: 站点${i + 1}\n    start: ${start}\n`).join('');
  writeFileSync(file, `defaults:\n  delay: ${DELAY_SECONDS}\nsites:\n${entries}`);
  return { file, hosts };
}

/** Each site's requests as path and query, counted, sorted: what was fetched, whoever fetched it. */
const requested = (hosts: TestSite[]) => hosts.map((site) => site.requests.map((r) => r.target).sort());

/** The shortest pause between two requests to one host (ms), from the server's own log. */
function shortestGap(requests: LoggedRequest[]): number {
  const times = requests.map((r) => r.at).sort((a, b) => a - b);
  return Math.min(...times.slice(1).map((t, i) => t - times[i]));
}

/** What a run leaves, the same whichever crawler did what: the queue by URL, the documents by content. */
interface Outcome {
  queue: { path: string; state: string; reason: string | null }[];
  outcomes: Record<string, number>;
  contents: string[];
}

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
};

function outcomeOf(queue: { url: string; state: string; reason: string | null; outcome: string | null }[], contents: string[]): Outcome {
  const outcomes: Record<string, number> = {};
  for (const row of queue) outcomes[row.outcome ?? row.state] = (outcomes[row.outcome ?? row.state] ?? 0) + 1;
  return {
    // The sites' ports differ from run to run: a URL is known by its path.
    queue: queue
      .map((row) => ({
        path: pathOf(row.url),
        state: row.state,
        reason: row.reason?.replace(/http:\/\/127\.0\.0\.1:\d+/g, '').replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:PORT') ?? null,
      }))
      .sort((a, b) => a.path.localeCompare(b.path) || a.state.localeCompare(b.state)),
    outcomes,
    contents: [...contents].sort(),
  };
}

/** A lone crawler into SQLite over a fresh pair of sites: the run to compare with. */
async function loneCrawl(): Promise<{ outcome: Outcome; requests: string[][] }> {
  const { file, hosts } = await twoHosts();
  const database = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-pg-crawl-')), 'lone.sqlite');
  const run = await spawnCli('crawl', '--sites', file, '--db', database, ...QUICK);
  expect(run.status, run.stderr).toBe(1);
  const db = openStore(database, { readonly: true });
  try {
    const queue = db.prepare('SELECT url, state, reason, outcome FROM crawl_queue').all() as Parameters<typeof outcomeOf>[0];
    const contents = (db.prepare('SELECT sha256 FROM documents').all() as { sha256: string }[]).map((r) => r.sha256);
    return { outcome: outcomeOf(queue, contents), requests: requested(hosts) };
  } finally {
    db.close();
  }
}

async function sharedOutcome(url: string): Promise<Outcome> {
  const queue = await query<Parameters<typeof outcomeOf>[0][number]>(url, 'SELECT url, state, reason, outcome FROM crawl_queue');
  const contents = (await query<{ sha256: string }>(url, 'SELECT sha256 FROM documents')).map((r) => r.sha256);
  return outcomeOf(queue, contents);
}

describe.skipIf(!server.url)(`many crawlers, one PostgreSQL store${server.url ? '' : ` (skipped: ${server.reason})`}`, () => {
  it('two crawls at once fetch every URL once, keep every host’s delay and store every document once', async () => {
    const lone = await loneCrawl();
    const url = await freshDatabase(server.url!);
    const { file, hosts } = await twoHosts();
    const runs = await Promise.all([0, 1].map(() => spawnCli('crawl', '--sites', file, '--db', url, ...QUICK)));
    for (const run of runs) expect(run.status, run.stderr).toBe(1);
    const summaries = runs.map((run) => JSON.parse(run.stdout));
    // One run, shared: both crawlers worked on it, and each made some of its requests.
    expect(new Set(summaries.map((s) => s.run)).size).toBe(1);
    expect(summaries.every((s) => s.requests > 0)).toBe(true);
    expect(await query(url, 'SELECT count(*)::int AS runs FROM crawl_runs WHERE finished_at IS NOT NULL')).toEqual([{ runs: 1 }]);

    // Both worked on the first host at once: the lease kept them to its delay.
    const [{ workers }] = await query<{ workers: number }>(
      url,
      `SELECT count(DISTINCT claimed_by)::int AS workers FROM crawl_queue WHERE host = '${new URL(hosts[0].origin).host}'`,
    );
    expect(workers).toBe(2);
    expect(requested(hosts)).toEqual(lone.requests);
    for (const site of hosts) expect(shortestGap(site.requests)).toBeGreaterThanOrEqual(DELAY_SECONDS * 1000 - 5);
    for (const site of hosts) expect(site.offSite).toEqual([]);

    const shared = await sharedOutcome(url);
    expect(shared).toEqual(lone.outcome);
    const [stored] = await query<{ documents: number; contents: number }>(
      url,
      'SELECT count(*)::int AS documents, count(DISTINCT sha256)::int AS contents FROM documents',
    );
    expect(stored.documents).toBe(stored.contents);
  }, 300_000);

  it('loses nothing when one of two crawlers is killed (kill -9) mid-run: the other takes its URLs over', async () => {
    const lone = await loneCrawl();
    const url = await freshDatabase(server.url!);
    const { file, hosts } = await twoHosts();
    const killed = spawn(process.execPath, [CLI, 'crawl', '--sites', file, '--db', url, ...QUICK], { stdio: 'ignore' });
    const exited = new Promise((resolve) => killed.on('exit', resolve));
    const survivor = spawnCli('crawl', '--sites', file, '--db', url, ...QUICK);
    // Killed once a few documents are stored, with URLs of its own still claimed.
    for (let stored = 0; stored < 2;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      stored = (await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM documents').catch(() => [{ n: 0 }]))[0].n;
    }
    killed.kill('SIGKILL');
    await exited;
    const run = await survivor;
    expect(run.status, run.stderr).toBe(1);
    expect(await query(url, `SELECT count(*)::int AS pending FROM crawl_queue WHERE state = 'pending'`)).toEqual([{ pending: 0 }]);
    expect(await sharedOutcome(url)).toEqual(lone.outcome);
    for (const site of hosts) expect(shortestGap(site.requests)).toBeGreaterThanOrEqual(DELAY_SECONDS * 1000 - 5);
  }, 300_000);
});
