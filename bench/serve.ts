/**
 * The desk's speed on a database of 10,000 reports (bench/large-database.ts): every kind of page asked
 * for many times with varied filters, orders and pages, p50 and p95 of each; the first answer of each
 * list (the view read into the desk's snapshot) timed apart; the source page of a PDF value rendered in
 * Chromium until the outline is drawn; and the server's memory. The server is `jixiao serve` itself, a
 * child process, so its memory is its own. Then the same pages from a desk over PostgreSQL, the database
 * copied into a server (JIXIAO_TEST_PG, else a throwaway cluster; skipped, saying why, without one).
 *
 *   BENCH_ONLY=serve npm run bench          or   npx tsx bench/serve.ts   (after npm run build)
 *
 * BENCH_SERVE_REPORTS sets the size (default 10,000); the database is kept in bench/out/ and reused.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore } from '../src/store/db.js';
import { makeLargeDatabase } from './large-database.js';
import { freshDatabase, withPostgresServer } from './store.js';

const REPORTS = Number(process.env.BENCH_SERVE_REPORTS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_SERVE_REQUESTS ?? 60);
const OUT = path.resolve(import.meta.dirname, 'out');
const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const pick = <T>(items: readonly T[], i: number): T => items[(i * 7919) % items.length];

/**
 * The generated copies' files do not exist; the first copy's bytes are the fixtures', so each of its
 * documents is pointed at its fixture (by SHA-256): the desk can then serve and render them.
 */
function pointAtFixtures(database: string): void {
  const db = openStore(database);
  const update = db.prepare('UPDATE documents SET path = ? WHERE sha256 = ?');
  for (const name of readdirSync(FIXTURES)) {
    const file = path.join(FIXTURES, name);
    if (!/\.(pdf|docx?|html|txt|xlsx?)$/.test(name)) continue;
    update.run(file, createHash('sha256').update(readFileSync(file)).digest('hex'));
  }
  db.close();
}

interface Samples {
  ids: { reports: number[]; indicators: number[]; budgetLines: number[]; pdfIndicator: number };
  departments: string[];
  regions: string[];
  years: number[];
}

function samples(database: string): Samples {
  const db = openStore(database, { readonly: true });
  const column = <T>(sql: string) => db.prepare(sql).pluck().all() as T[];
  const found = {
    ids: {
      reports: column<number>('SELECT id FROM reports ORDER BY random() LIMIT 200'),
      indicators: column<number>('SELECT id FROM indicators WHERE actual_raw IS NOT NULL ORDER BY random() LIMIT 200'),
      budgetLines: column<number>('SELECT id FROM budget_lines WHERE spent IS NOT NULL ORDER BY random() LIMIT 200'),
      pdfIndicator: column<number>(
        `SELECT i.id FROM indicators i JOIN reports r ON r.id = i.report_id JOIN documents d ON d.id = r.document_id
         WHERE d.format = 'pdf' AND d.path LIKE '${FIXTURES.replace(/'/g, "''")}%' AND i.met = 0 AND coalesce(d.ocr, 0) = 0 LIMIT 1`,
      )[0],
    },
    departments: column<string>('SELECT DISTINCT department FROM reports WHERE department IS NOT NULL'),
    regions: column<string>('SELECT DISTINCT region FROM reports WHERE region IS NOT NULL'),
    years: column<number>('SELECT DISTINCT year FROM reports WHERE year IS NOT NULL'),
  };
  db.close();
  return found;
}

function get(port: number, address: string): Promise<{ ms: number; status: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: address }, (response) => {
        let bytes = 0;
        response.on('data', (c: Buffer) => (bytes += c.length));
        response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0, bytes }));
      })
      .on('error', reject);
  });
}

/** Start `jixiao serve` on a free port; resolves to the child, its port and the seconds it took once it listens. */
function startServer(database: string): Promise<{ child: ChildProcess; port: number; seconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--db', database, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (c: Buffer) => {
      said += c.toString();
      const port = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(said)?.[1];
      if (port) resolve({ child, port: Number(port), seconds: (performance.now() - started) / 1000 });
    });
    child.on('exit', (code) => reject(new Error(`jixiao serve exited ${code}: ${said}`)));
  });
}

/** Resident memory of a process now and at its peak, in MB (Linux /proc). */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rssMb: kb('VmRSS'), peakMb: kb('VmHWM') };
}

const LISTS = ['missed_targets', 'budget_execution', 'inconsistencies', 'admitted_problems', 'needs_review', 'copies'];
const SORTS: Record<string, string[]> = {
  missed_targets: ['department', 'year', 'actual'],
  budget_execution: ['spent', 'execution_rate', 'department'],
  inconsistencies: ['department', 'stated'],
  admitted_problems: ['year', 'department'],
  needs_review: ['path'],
  copies: ['copies', 'department'],
};

/** The addresses of each kind of page, varied over `n` requests. */
function addresses(s: Samples, n: number): Record<string, string[]> {
  const q = (params: Record<string, string | number>) =>
    new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const listAddress = (list: string, i: number, ext = '') => {
    const params: Record<string, string | number> = { page: 1 + (i % 3), sort: pick(SORTS[list], i), dir: i % 2 ? 'desc' : 'asc' };
    if (i % 4 === 1) params.department = pick(s.departments, i);
    if (i % 4 === 2) params.region = pick(s.regions, i);
    if (i % 4 === 3) params.year = pick(s.years, i);
    return `/list/${list}${ext}?${q(params)}`;
  };
  const range = Array.from({ length: n }, (_, i) => i);
  const terms = ['预算执行率', '资金拨付', '绩效目标', '存在问题', '满意度', '专项资金'];
  return {
    home: range.map(() => '/'),
    ...Object.fromEntries(LISTS.map((list) => [`list ${list}`, range.map((i) => listAddress(list, i))])),
    'list csv': range.map((i) => listAddress(pick(LISTS, i), i, '.csv')),
    report: range.map((i) => `/report/${pick(s.ids.reports, i)}`),
    'source (indicator)': range.map((i) => `/source/indicator/${pick(s.ids.indicators, i)}/actual`),
    'source (budget line)': range.map((i) => `/source/budget_line/${pick(s.ids.budgetLines, i)}/spent`),
    search: range.map((i) => `/search?${q({ q: pick(terms, i) })}`),
    charts: range.map((i) => `/charts?${q({ department: pick(s.departments, i) })}`),
  };
}

/**
 * Milliseconds from asking for a PDF value's source page to its outline drawn, in Chromium: `runs`
 * times in a fresh browser context (nothing cached: a first visit; the first of them also has the desk
 * draw the page), and `runs` times in one context that has seen the page (every later visit).
 */
async function sourceRender(port: number, indicatorId: number, runs = 5): Promise<{ cold: number[]; warm: number[] } | null> {
  let executablePath: string;
  try {
    executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath });
  const address = `http://127.0.0.1:${port}/source/indicator/${indicatorId}/actual`;
  const timed = async (context: import('playwright-core').BrowserContext) => {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(address);
    await page.waitForSelector('#viewer[data-state=rendered]', { timeout: 30_000 });
    const ms = performance.now() - started;
    await page.close();
    return ms;
  };
  try {
    const cold: number[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      cold.push(await timed(context));
      await context.close();
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await timed(context);
    const warm: number[] = [];
    for (let run = 0; run < runs; run++) warm.push(await timed(context));
    return { cold, warm };
  } finally {
    await browser.close();
  }
}

interface Measured {
  firstAnswers: string[];
  rows: string[];
}

/** Every kind of page asked for on a running desk, after the first answer of each list timed apart. */
async function measurePages(port: number, s: Samples): Promise<Measured> {
  const firstAnswers = [];
  for (const list of LISTS) firstAnswers.push(`${list} ${(await get(port, `/list/${list}`)).ms.toFixed(0)} ms`);
  const rows: string[] = [];
  for (const [kind, list] of Object.entries(addresses(s, REQUESTS))) {
    const times: number[] = [];
    for (const address of list) {
      const answer = await get(port, address);
      if (answer.status !== 200) throw new Error(`${address}: HTTP ${answer.status}`);
      times.push(answer.ms);
    }
    rows.push(`| ${kind} | ${list.length} | ${percentile(times, 0.5).toFixed(1)} | ${percentile(times, 0.95).toFixed(1)} | ${Math.max(...times).toFixed(1)} |`);
  }
  return { firstAnswers, rows };
}

const TABLE_HEAD = `| page | requests | p50 ms | p95 ms | max ms |
|---|---|---|---|---|`;

/**
 * The same pages from a desk over PostgreSQL: the database copied (`jixiao copy`, ids kept) into a
 * server (JIXIAO_TEST_PG, else a throwaway cluster as the tests start), the desk started on it.
 */
async function benchServePostgres(database: string, s: Samples): Promise<string> {
  try {
    return await withPostgresServer(async (server) => {
      const url = await freshDatabase(server, `jixiao_bench_desk_${REPORTS}`);
      const started = performance.now();
      execFileSync(process.execPath, [CLI, 'copy', '--from', database, '--to', url], { stdio: ['ignore', 'ignore', 'inherit'] });
      const copied = (performance.now() - started) / 1000;
      const desk = await startServer(url);
      try {
        const measured = await measurePages(desk.port, s);
        return `Desk over PostgreSQL (the same database copied into a server on the same machine in ${copied.toFixed(0)} s; the desk started in ${desk.seconds.toFixed(1)} s)
First answer of each list: ${measured.firstAnswers.join(', ')}

${TABLE_HEAD}
${measured.rows.join('\n')}

Server memory: ${memoryOf(desk.child.pid!).rssMb.toFixed(0)} MB resident after the run`;
      } finally {
        desk.child.kill();
      }
    });
  } catch (error) {
    return `Desk over PostgreSQL skipped: ${(error as Error).message}`;
  }
}

export async function benchServe(): Promise<string> {
  const database = path.join(OUT, `desk-${REPORTS}.sqlite`);
  if (!existsSync(database)) {
    const made = await makeLargeDatabase(database, REPORTS);
    console.error(`bench serve: made ${made.file}: ${made.reports} reports in ${made.seconds.toFixed(0)} s`);
  }
  pointAtFixtures(database);
  const s = samples(database);
  const { child, port } = await startServer(database);
  let sqlite: string;
  try {
    const started = memoryOf(child.pid!);
    const measured = await measurePages(port, s);
    const render = s.ids.pdfIndicator ? await sourceRender(port, s.ids.pdfIndicator) : null;
    const memory = memoryOf(child.pid!);
    const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}`;
    sqlite = `Desk (jixiao serve) on ${REPORTS} reports, ${new Date().toISOString().slice(0, 10)}, ${machine}
First answer of each list (reads the view into the desk's snapshot): ${measured.firstAnswers.join(', ')}

${TABLE_HEAD}
${measured.rows.join('\n')}

Source page of a PDF value rendered in Chromium (navigation to outline drawn): ${
      render
        ? `the page's first drawing by the desk ${render.cold[0].toFixed(0)} ms; ` +
          `first visits (browser cache empty, page drawn) median ${percentile(render.cold.slice(1), 0.5).toFixed(0)} ms, max ${Math.max(...render.cold.slice(1)).toFixed(0)} ms; ` +
          `later visits median ${percentile(render.warm, 0.5).toFixed(0)} ms, max ${Math.max(...render.warm).toFixed(0)} ms (${render.warm.length} each)`
        : 'skipped (no chromium)'
    }
Server memory: ${started.rssMb.toFixed(0)} MB resident after start, ${memory.rssMb.toFixed(0)} MB after the run, peak ${memory.peakMb.toFixed(0)} MB`;
  } finally {
    child.kill();
  }
  return `${sqlite}\n\n${await benchServePostgres(database, s)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchServe());
