/**
 * A large database for benchmarks and for trying the desk on something the size of a real collection:
 * the project's fixtures ingested once, then their rows copied through the store until it holds
 * `reports` reports.
 *
 *   npx tsx bench/large-database.ts OUT.sqlite [REPORTS]      (default 10,000)
 *
 * Reading 10,000 files would take hours; copying rows takes a minute or two. Every copy of the
 * fixtures is another collection: each report gets a department of another region (江门市财政局,
 * 岳阳市教育局 …), a year from 2018 to 2024, its money scaled by a factor of its own (whole fen kept),
 * and each file a path and sha256 of its own. Every table descending from `documents` by foreign keys
 * is copied, whatever its columns (a table a later migration adds is copied too): the page texts,
 * the stored document models (a report page can be shown), the source tables and cells; the
 * full-text indexes are filled by the store's own triggers. What the fixtures alone lack is added the
 * way it arises: some copies' spent amounts stray from their stated execution rate (with the
 * execution_rate check the store would hold), some files were found twice (file_copies), and half
 * the copies came from a nightly crawl (documents' web columns, crawl_runs, crawl_queue,
 * crawl_validators).
 *
 * The SQL is here rather than in src/store: it builds test data and is no part of the product.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inProcessRunner } from '../src/ingest/in-process.js';
import { ingest } from '../src/ingest/run.js';
import { openStore, type Store } from '../src/store/db.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** Places the copies are issued in, with the host their site would have. */
export const REGIONS: readonly (readonly [name: string, host: string])[] = [
  ['江门市', 'www.jiangmen.gov.cn'],
  ['岳阳市', 'www.yueyang.gov.cn'],
  ['湛江市', 'www.zhanjiang.gov.cn'],
  ['南县', 'www.nanxian.gov.cn'],
  ['普陀区', 'www.shpt.gov.cn'],
  ['渝中区', 'www.cqyz.gov.cn'],
  ['大英县', 'www.daying.gov.cn'],
  ['东湖新技术开发区', 'www.wehdz.gov.cn'],
  ['韶关市', 'www.sg.gov.cn'],
  ['横县', 'www.gxhx.gov.cn'],
  ['天河区', 'www.thnet.gov.cn'],
  ['朝阳区', 'www.bjchy.gov.cn'],
];

/** Issuing bodies: full names, as most reports print them after the region. */
export const DEPARTMENTS: readonly string[] = [
  '财政局',
  '教育局',
  '人力资源和社会保障局',
  '卫生健康局',
  '工业和信息化局',
  '交通运输局',
  '农业农村局',
  '生态环境局',
  '住房和城乡建设局',
  '司法局',
  '民政局',
  '文化广电旅游体育局',
  '水利局',
  '市场监督管理局',
  '自然资源局',
  '应急管理局',
];

const FIRST_YEAR = 2018;
const YEARS = 7;

export interface LargeDatabase {
  file: string;
  reports: number;
  documents: number;
  /** Copies of the fixtures it holds (the first is the fixtures as read). */
  copies: number;
  seconds: number;
}

/** The fixtures as `jixiao ingest` stores them, plus a file found twice, one whose name lies about its format and a copy that disagrees. */
async function ingestFixtures(database: string, scratch: string): Promise<void> {
  const extra = path.join(scratch, 'extra');
  mkdirSync(extra, { recursive: true });
  copyFileSync(path.join(FIXTURES, 'project-2021.pdf'), path.join(extra, 'project-2021 (1).pdf'));
  // HTML bytes in a file named .doc: read as HTML, with a reading warning.
  writeFileSync(
    path.join(extra, 'project-2021-renamed.doc'),
    Buffer.concat([readFileSync(path.join(FIXTURES, 'project-2021.html')), Buffer.from('\n<!-- renamed -->\n')]),
  );
  // A reposted copy with its execution rate altered: a copy that disagrees (copy_conflicts).
  const html = readFileSync(path.join(FIXTURES, 'project-2021.html'), 'utf8');
  writeFileSync(path.join(extra, 'project-2021-reposted.html'), html.replace('97.70%', '91.70%'));
  const runner = inProcessRunner();
  // OCR only for the two-page scan (low_confidence_values needs OCR cells): the 13-page one would take a minute.
  await ingest([FIXTURES, extra], { database, runner, ocr: false, exclude: [path.join(FIXTURES, 'scanned')] });
  await ingest([path.join(FIXTURES, 'scanned', 'project-2021-scan.pdf')], { database, runner });
}

interface ForeignKey {
  table: string;
  from: string;
}

/** Ordinary tables of the store (not views, full-text indexes or their shadow tables). */
function plainTables(db: Store): string[] {
  return db
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .all()
    .map((r) => r.name);
}

const foreignKeys = (db: Store, table: string) => db.prepare<[string], ForeignKey>(`SELECT "table", "from" FROM pragma_foreign_key_list(?)`).all(table);

/** Tables whose rows belong to a document (by a chain of foreign keys), parents before children. */
function documentTables(db: Store): string[] {
  // crawl_queue points at documents too, but its rows belong to a crawl run: made separately below.
  const parentsOf = new Map(
    plainTables(db)
      .filter((t) => !t.startsWith('crawl_'))
      .map((t) => [t, foreignKeys(db, t).map((fk) => fk.table)]),
  );
  const belongs = new Set(['documents']);
  for (let grew = true; grew;) {
    grew = false;
    for (const [table, parents] of parentsOf) if (!belongs.has(table) && parents.some((p) => belongs.has(p))) grew = Boolean(belongs.add(table));
  }
  const ordered: string[] = [];
  while (ordered.length < belongs.size) {
    for (const table of belongs)
      if (!ordered.includes(table) && parentsOf.get(table)!.every((p) => p === table || !belongs.has(p) || ordered.includes(p))) ordered.push(table);
  }
  return ordered;
}

/** The integer key SQLite gives a table's rows (`id INTEGER PRIMARY KEY`), if it has one. */
function integerKey(db: Store, table: string): string | null {
  const keys = db.prepare<[string], { name: string; type: string; pk: number }>(`SELECT name, type, pk FROM pragma_table_info(?) WHERE pk > 0`).all(table);
  return keys.length === 1 && keys[0].type.toUpperCase() === 'INTEGER' ? keys[0].name : null;
}

const MONEY = ['initial_budget', 'adjustment', 'final_budget', 'spent'];

/** How a copied column differs from the original, by table and column; `k` is the copy's number. */
const VARIED: Record<string, Record<string, string>> = {
  documents: {
    path: `'/data/reports/' || bench_region(:k) || '/' || :k || '/' || file_name`,
    sha256: `bench_sha256(sha256, :k)`,
  },
  file_copies: { path: `'/data/reports/' || bench_region(:k) || '/' || :k || '/copies/' || replace(path, rtrim(path, replace(path, '/', '')), '')` },
  reports: {
    region: `CASE WHEN department IS NULL AND region IS NULL THEN NULL ELSE bench_region(:k) END`,
    department: `CASE WHEN department IS NULL THEN NULL ELSE bench_region(:k) || bench_department(department, :k) END`,
    year: `CASE WHEN year IS NULL THEN NULL ELSE bench_year(year, :k) END`,
  },
  budget_lines: Object.fromEntries(
    MONEY.map((column) => [column, `round(${column} * bench_factor(:k) * CASE WHEN '${column}' = 'spent' AND :k % 4 = 1 THEN 0.9 ELSE 1 END, 2)`]),
  ),
};

function registerFunctions(db: Store, reports: number): void {
  db.function('bench_region', (k: number | bigint) => REGIONS[Number(k) % REGIONS.length][0]);
  const hash = (text: string) => createHash('sha256').update(text).digest().readUInt32BE(0);
  // The same department keeps its name across the years of one region; other fixtures' departments get others.
  db.function('bench_department', (original: string, k: number | bigint) => {
    const shift = Math.floor(Number(k) / (REGIONS.length * YEARS));
    return DEPARTMENTS[(hash(original) + shift) % DEPARTMENTS.length];
  });
  db.function('bench_year', (year: number | bigint, k: number | bigint) => {
    const offset = Math.floor(Number(k) / REGIONS.length);
    return FIRST_YEAR + ((((Number(year) - FIRST_YEAR + offset) % YEARS) + YEARS) % YEARS);
  });
  db.function('bench_sha256', (sha: string, k: number | bigint) => createHash('sha256').update(`${sha}:${k}:${reports}`).digest('hex'));
  // 0.60 … 1.39: amounts of the same template differ from copy to copy.
  db.function('bench_factor', (k: number | bigint) => 0.6 + ((Number(k) * 37) % 80) / 100);
}

/** INSERT … SELECT statements copying the fixture rows of each table as copy `:k`, keys moved past the fixtures'. */
function copyStatements(db: Store): { table: string; sql: string }[] {
  const tables = documentTables(db);
  const span = new Map(
    tables
      .map((t) => [t, integerKey(db, t)])
      .map(([t, key]) => [t!, key ? (db.prepare(`SELECT coalesce(max("${key}"), 0) AS n FROM "${t}"`).get() as { n: number }).n : 0]),
  );
  return tables.map((table) => {
    const key = integerKey(db, table);
    const fks = new Map(foreignKeys(db, table).map((fk) => [fk.from, fk.table]));
    const columns = db
      .prepare<[string], { name: string; hidden: number }>(`SELECT name, hidden FROM pragma_table_xinfo(?)`)
      .all(table)
      .filter((c) => c.hidden === 0)
      .map((c) => c.name);
    const value = (column: string) => {
      // A key that is also a foreign key (document_content.document_id) moves with its parent.
      const parent = fks.get(column);
      if (parent && span.has(parent)) return `"${column}" + :k * ${span.get(parent)}`;
      if (column === key) return `"${column}" + :k * ${span.get(table)}`;
      return VARIED[table]?.[column] ?? `"${column}"`;
    };
    const list = columns.map((c) => `"${c}"`).join(', ');
    // Only the fixtures' own rows: a key within theirs, or (a table without one) a parent within theirs.
    const [owner, ownerTable] = key && !fks.has(key) ? [key, table] : [...fks].find(([, parent]) => span.has(parent))!;
    const limit = ` WHERE "${owner}" <= ${span.get(ownerTable)}`;
    return { table, sql: `INSERT INTO "${table}" (${list}) SELECT ${columns.map(value).join(', ')} FROM "${table}"${limit}` };
  });
}

/** Stated execution rates the copied amounts no longer give: the finding the store would hold for them. */
function addExecutionRateChecks(db: Store, firstReport: number): void {
  db.prepare(
    `INSERT INTO checks (report_id, "check", subject, project, stated, computed, detail, page)
     SELECT b.report_id, 'execution_rate', b.name, st.project, b.execution_rate, round(100.0 * b.spent / b.final_budget, 2),
            printf('spent %.2f of %.2f 元', b.spent, b.final_budget), b.page
     FROM budget_lines b LEFT JOIN source_tables st ON st.id = b.table_id
     WHERE b.report_id >= ? AND b.execution_rate IS NOT NULL AND b.final_budget > 0 AND b.spent IS NOT NULL
       AND abs(round(100.0 * b.spent / b.final_budget, 2) - b.execution_rate) > 1`,
  ).run(firstReport);
}

/** Half the copies came from a nightly crawl, one run per copy: their web columns and the crawl's tables. */
function addCrawls(db: Store, documentsPerCopy: number, copies: number): void {
  const setWeb = db.prepare(
    `UPDATE documents SET url = ?, path = ?, final_url = ?, referrer_url = ?, link_text = ?, fetched_at = ?, http_status = 200,
       content_type = ?, published_at = ? WHERE id = ?`,
  );
  const run = db.prepare(
    `INSERT INTO crawl_runs (started_at, finished_at, plan_json, new, changed, unchanged, failed, summary_json, report_json) VALUES (?, ?, ?, ?, 0, 0, 0, ?, ?)`,
  );
  const queue = db.prepare(
    `INSERT INTO crawl_queue (run_id, site, host, url, referrer_url, link_text, published_at, state, outcome, reason, document_id, error_kind)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const worker = db.prepare(`INSERT INTO crawl_workers (worker, run_id, host_name, pid, started_at, alive_until) VALUES (?, ?, 'crawler', ?, ?, ?)`);
  const robots = db.prepare('INSERT INTO crawl_robots (run_id, origin, answer_json) VALUES (?, ?, ?)');
  const hostLease = db.prepare('INSERT OR REPLACE INTO crawl_hosts (host, holder, held_until, free_at) VALUES (?, NULL, NULL, ?)');
  const validator = db.prepare(
    `INSERT OR REPLACE INTO crawl_validators (url, etag, last_modified, sha256, final_url, fetched_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const documents = db.prepare<
    [number, number],
    {
      id: number;
      file_name: string;
      sha256: string;
      format: string | null;
      title: string | null;
      status: string;
      error_kind: string | null;
      year: number | null;
    }
  >(
    `SELECT d.id, d.file_name, d.sha256, d.format, r.title, d.status, d.error_kind, r.year
     FROM documents d LEFT JOIN reports r ON r.document_id = d.id WHERE d.id > ? AND d.id <= ? ORDER BY d.id`,
  );
  const CONTENT_TYPES: Record<string, string> = {
    pdf: 'application/pdf',
    html: 'text/html; charset=utf-8',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  };
  for (let k = 2; k < copies; k += 2) {
    const [, host] = REGIONS[k % REGIONS.length];
    const day = new Date(Date.UTC(2025, 0, 1) + k * 86_400_000);
    const at = (minutes: number) => new Date(day.getTime() + minutes * 60_000).toISOString();
    const listing = `https://${host}/zwgk/czxx/jxpj/index.html`;
    const rows = documents.all(k * documentsPerCopy, (k + 1) * documentsPerCopy);
    const stored = rows.filter((r) => r.status === 'ok').length;
    const summary = { new: stored, failed: rows.length - stored };
    const runId = run.run(
      at(0),
      at(30),
      JSON.stringify({ sites: [{ name: host, start: [listing] }] }),
      stored,
      JSON.stringify(summary),
      JSON.stringify({ sites: { [host]: summary } }),
    ).lastInsertRowid;
    queue.run(runId, host, host, listing, null, null, null, 'done', 'page', null, null, null);
    worker.run(`crawler/${1000 + k}/run${k}`, runId, 1000 + k, at(0), Date.parse(at(30)));
    robots.run(runId, `https://${host}`, JSON.stringify({ status: 200, text: 'User-agent: *\nDisallow: /admin/\n' }));
    hostLease.run(host, Date.parse(at(30)) + 1000);
    rows.forEach((row, i) => {
      const url = `https://${host}/attachment/${k}/${i}/${row.file_name}`;
      const published = `${(row.year ?? 2023) + 1}-0${1 + (i % 9)}-1${i % 10}`;
      const failed = row.status !== 'ok';
      setWeb.run(
        url,
        url,
        url,
        listing,
        row.title ?? row.file_name,
        at(i + 1),
        CONTENT_TYPES[row.format ?? ''] ?? 'application/octet-stream',
        published,
        row.id,
      );
      queue.run(
        runId,
        host,
        host,
        url,
        listing,
        row.title ?? row.file_name,
        published,
        failed ? 'failed' : 'done',
        failed ? null : 'new',
        failed ? 'could not be read' : null,
        row.id,
        failed ? row.error_kind : null,
      );
      validator.run(url, `"${row.sha256.slice(0, 16)}"`, day.toUTCString(), row.sha256, url, at(i + 1), published);
    });
  }
}

/** Build a database of `reports` reports at `file` (replaced if it exists). */
export async function makeLargeDatabase(file: string, reports = 10_000): Promise<LargeDatabase> {
  const started = performance.now();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'jixiao-large-'));
  try {
    const base = path.join(scratch, 'fixtures.sqlite');
    await ingestFixtures(base, scratch);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const fixtures = openStore(base);
    fixtures.prepare('VACUUM INTO ?').run(path.resolve(file));
    fixtures.close();

    const db = openStore(file);
    try {
      registerFunctions(db, reports);
      const perCopy = (db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
      const documentsPerCopy = (db.prepare('SELECT max(id) AS n FROM documents').get() as { n: number }).n;
      const copies = Math.ceil(reports / perCopy);
      const statements = copyStatements(db).map(({ sql }) => db.prepare(sql));
      const copy = db.transaction((k: number) => statements.forEach((s) => s.run({ k: BigInt(k) })));
      for (let k = 1; k < copies; k++) copy(k);
      db.transaction(() => {
        // The last copy is cut to the number asked for: its surplus reports' documents go, with all they hold.
        const surplus = copies * perCopy - reports;
        db.prepare(`DELETE FROM documents WHERE id IN (SELECT document_id FROM reports ORDER BY id DESC LIMIT ?)`).run(surplus);
        addExecutionRateChecks(db, perCopy + 1);
        addCrawls(db, documentsPerCopy, copies);
      })();
      db.pragma('optimize');
      const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return { file, reports: count('reports'), documents: count('documents'), copies, seconds: (performance.now() - started) / 1000 };
    } finally {
      db.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, reports] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/large-database.ts OUT.sqlite [REPORTS]');
    process.exit(2);
  }
  const made = await makeLargeDatabase(file, reports ? Number(reports) : undefined);
  console.log(`${made.file}: ${made.reports} reports, ${made.documents} documents (${made.copies} copies of the fixtures) in ${made.seconds.toFixed(1)} s`);
}
