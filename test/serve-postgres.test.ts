/**
 * The desk over PostgreSQL against the desk over SQLite: fixture reports ingested into a SQLite file and
 * copied, every row with its id, into PostgreSQL give the same pages, CSV and JSON from either desk —
 * home, every list filtered and sorted, every report, the source of every value, the charts, search,
 * the original files. The safety rules hold over PostgreSQL too, and `jixiao serve --db postgres://…`
 * starts, answers, and cannot write. Needs a PostgreSQL server: the tests' global setup starts one
 * (test/support/postgres.ts), else these tests skip and say why.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDesk, type RunningDesk } from '../src/serve/server.js';
import { LIST_PARAMS } from '../src/serve/params.js';
import { copyStore } from '../src/store/copy.js';
import { openStore } from '../src/store/db.js';
import { openPostgresDesk, readOnlyAddress } from '../src/store/desk-postgres.js';
import { LIST_NAMES } from '../src/store/desk.js';
import { openDocumentStore } from '../src/store/store.js';
import { expectSafetyRules, fixtureDatabase, get, serveCli, type Answer } from './support/desk.js';
import { freshDatabase, testServer } from './support/postgres.js';
import { spawnCli } from './support/spawn-cli.js';

const server = testServer();

const FILES = [
  'project-2021.pdf',
  'project-2021.html',
  'project-2021.xlsx',
  'project-2021.docx',
  'jiangmen-2021.docx',
  'jiangmen-2021.html',
  'jiangmen-2021.pdf',
  'jiangmen-2021.txt',
  'dept-with-projects-2021.docx',
];
const SCRIPT_TITLE = '<script>alert("title")</script>自评报告';

/** What the two desks may show differently: the database's name on the home page. */
const comparable = (answer: Answer) => ({
  status: answer.status,
  type: answer.headers['content-type'],
  body: answer.text.replace(/数据库 <code>[^<]*<\/code>/, '数据库 <code>…</code>'),
});

describe.skipIf(!server.url)(`the desk over PostgreSQL${server.url ? '' : ` (skipped: ${server.reason})`}`, () => {
  let database: string;
  let url: string;
  let overSqlite: RunningDesk;
  let overPostgres: RunningDesk;
  /** Addresses of every kind of page, made from what the database holds. */
  let addresses: string[];

  beforeAll(async () => {
    ({ database } = await fixtureDatabase(FILES));
    const db = openStore(database);
    db.prepare(`UPDATE reports SET title = ? WHERE document_id = (SELECT id FROM documents WHERE file_name = 'jiangmen-2021.html')`).run(SCRIPT_TITLE);
    db.close();
    url = await copiedDatabase(database);
    overSqlite = await startDesk({ db: database, host: '127.0.0.1', port: 0 });
    overPostgres = await startDesk({ db: url, host: '127.0.0.1', port: 0 });
    addresses = pageAddresses(database);
  }, 240_000);

  afterAll(async () => {
    await overSqlite?.close();
    await overPostgres?.close();
  });

  it('gives the same pages, CSV and JSON as the desk over SQLite', async () => {
    expect(addresses.length).toBeGreaterThan(100);
    for (const address of addresses) {
      const [left, right] = [await get(overSqlite.port, address), await get(overPostgres.port, address)];
      expect([address, comparable(right)]).toEqual([address, comparable(left)]);
    }
  });

  it('serves the same original files and page images, checked against their SHA-256', async () => {
    const db = openStore(database, { readonly: true });
    const documents = db.prepare(`SELECT id, format FROM documents ORDER BY id`).all() as { id: number; format: string }[];
    db.close();
    for (const { id, format } of documents) {
      const [left, right] = [await get(overSqlite.port, `/file/${id}`), await get(overPostgres.port, `/file/${id}`)];
      expect([id, right.status, right.body.equals(left.body)]).toEqual([id, 200, true]);
      if (format !== 'pdf') continue;
      const image = await get(overPostgres.port, `/page/${id}/1.png`);
      expect([id, image.status, image.headers['content-type']]).toEqual([id, 200, 'image/png']);
      expect((await get(overPostgres.port, `/page/${id}/999.png`)).status).toBe(404);
    }
  });

  // PostgreSQL ranks a report's texts by the terms' occurrences where SQLite's index ranks by bm25: the
  // same reports are found and counted, but the page and snippet shown for one may differ.
  it('finds the same reports as the desk over SQLite', async () => {
    const found = (answer: Answer) => ({
      total: /<p id="search-total">([\s\S]*?)<\/p>/.exec(answer.text)?.[1].replace(/\s+/g, ' '),
      reports: [...answer.text.matchAll(/href="\/report\/(\d+)"/g)].map((m) => m[1]).sort(),
    });
    for (const query of ['资金拨付及时率', '预算执行', '绩效 目标', '资金', '存在问题']) {
      for (const address of [`/search?q=${encodeURIComponent(query)}`, `/search?q=${encodeURIComponent(query)}&section=${encodeURIComponent('存在问题')}`]) {
        const [left, right] = [await get(overSqlite.port, address), await get(overPostgres.port, address)];
        expect([address, right.status, found(right)]).toEqual([address, 200, found(left)]);
      }
    }
  });

  it('keeps the safety rules: paths, parameters, SQL as a value, methods, host; a <script> title shown as text', async () => {
    const { port } = overPostgres;
    await expectSafetyRules(port, LIST_NAMES, LIST_PARAMS);
    const copies = await get(port, '/list/copies?size=500');
    expect(copies.text).not.toContain('<script>alert');
    expect(copies.text).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query('SELECT count(*)::int AS n FROM reports')).rows[0].n).toBe(FILES.length);
    } finally {
      await client.end();
    }
  });

  it('reads a view once until what the views read changes: not for a write elsewhere on the server, again after a report was corrected', async () => {
    const reader = await openPostgresDesk(url);
    const reads = vi.spyOn(reader as unknown as { snapshotSource(): Promise<string> }, 'snapshotSource');
    const titles = async () => (await reader.listPage('copies', { filters: {}, page: 1, pageSize: 500 })).rows.map((row) => row.title);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const elsewhere = new pg.Client({ connectionString: await freshDatabase(server.url!) });
    await elsewhere.connect();
    try {
      await titles();
      await titles();
      expect(reads).toHaveBeenCalledTimes(1);
      // Committed on the same server, in another database: the server's transaction snapshot moves, the content marker does not.
      await elsewhere.query('CREATE TABLE crawl_claims (url text)');
      await elsewhere.query(`INSERT INTO crawl_claims VALUES ('http://example.org/')`);
      await titles();
      expect(reads).toHaveBeenCalledTimes(1);
      const { rows } = await client.query<{ id: number; title: string | null }>('SELECT id, title FROM reports ORDER BY id LIMIT 1');
      await client.query(`UPDATE reports SET title = '改过的标题' WHERE id = $1`, [rows[0].id]);
      try {
        expect(await titles()).toContain('改过的标题');
        expect(reads).toHaveBeenCalledTimes(2);
      } finally {
        await client.query('UPDATE reports SET title = $2 WHERE id = $1', [rows[0].id, rows[0].title]);
      }
    } finally {
      await Promise.all([client.end(), elsewhere.end()]);
      await reader.close();
    }
  });

  it('connects read-only: the server refuses any write on the connections the desk opens', async () => {
    const client = new pg.Client({ connectionString: readOnlyAddress(url) });
    await client.connect();
    try {
      for (const write of [`UPDATE reports SET title = 'x'`, `CREATE TABLE desk_wrote (x int)`, `DELETE FROM documents`]) {
        await expect(client.query(write), write).rejects.toMatchObject({ code: '25006' });
      }
    } finally {
      await client.end();
    }
  });

  it('jixiao serve with JIXIAO_DB naming the server starts, answers and names it without its password', async () => {
    // A database of its own: the server then tells this desk's connections from those of the desk above.
    const address = new URL(await copiedDatabase(database));
    address.password = 'not-needed';
    const desk = await serveCli({ JIXIAO_DB: address.toString() });
    try {
      expect(desk.said()).toContain(`jixiao serve: ${address.toString().replace(':not-needed@', ':***@')} (read-only) at http://127.0.0.1:`);
      expect(desk.said()).not.toContain('not-needed');
      const home = await get(desk.port, '/');
      expect(home.status).toBe(200);
      expect(home.text).not.toContain('not-needed');
      expect((await get(desk.port, '/list/missed_targets?kind=project')).text).toContain('资金拨付及时率');
      expect((await get(desk.port, '/', undefined, 'POST')).status).toBe(405);
      // Its connections are the read-only ones above: the server knows them by the name given with that setting.
      const client = new pg.Client({ connectionString: address.toString() });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'jixiao serve' AND datname = current_database()`,
        );
        expect(rows[0].n).toBeGreaterThan(0);
      } finally {
        await client.end();
      }
    } finally {
      desk.stop();
    }
  });
});

describe('jixiao serve on a PostgreSQL server it cannot reach', () => {
  it('says so in one line naming the address without its password, and fails', async () => {
    const refused = await spawnCli('serve', '--port', '0', '--db', 'postgres://user:secret@127.0.0.1:9/none');
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('postgres://user:***@127.0.0.1:9/none');
    expect(refused.stderr).not.toContain('secret');
  });
});

/** A new database on the test server holding a copy of the SQLite file's, every row with its id: its address. */
async function copiedDatabase(file: string): Promise<string> {
  const url = await freshDatabase(server.url!);
  const [from, to] = [await openDocumentStore(file, { readonly: true }), await openDocumentStore(url)];
  await copyStore(from, to);
  await Promise.all([from.close(), to.close()]);
  return url;
}

/** Every kind of page, for the reports, values and filters the database holds. */
function pageAddresses(database: string): string[] {
  const db = openStore(database, { readonly: true });
  try {
    const column = <T>(sql: string) => db.prepare(sql).pluck().all() as T[];
    const [department] = column<string>(`SELECT department FROM reports WHERE department IS NOT NULL ORDER BY department`);
    const lists = LIST_NAMES.flatMap((name) => [
      `/list/${name}`,
      `/list/${name}?kind=project`,
      `/list/${name}?year=2021&sort=department&dir=desc&size=20`,
      `/list/${name}?department=${encodeURIComponent(department)}&sort=path`,
      `/list/${name}?size=20&page=2`,
      `/list/${name}.csv?year=2021`,
      `/list/${name}.json?kind=project&sort=year`,
      `/list/${name}.csv`,
    ]);
    const reports = column<number>('SELECT id FROM reports ORDER BY id').map((id) => `/report/${id}`);
    const indicators = column<number>('SELECT id FROM indicators ORDER BY id').flatMap((id) => [
      `/source/indicator/${id}/actual`,
      `/source/indicator/${id}/target`,
    ]);
    const budgetLines = column<number>('SELECT id FROM budget_lines ORDER BY id').flatMap((id) => [
      `/source/budget_line/${id}/spent`,
      `/source/budget_line/${id}/final_budget`,
    ]);
    const departments = column<string>('SELECT DISTINCT department FROM reports WHERE department IS NOT NULL ORDER BY department');
    return [
      '/',
      ...lists,
      ...reports,
      ...indicators,
      ...budgetLines,
      '/charts',
      ...departments.map((d) => `/charts?department=${encodeURIComponent(d)}`),
      '/report/999999',
      '/source/indicator/999999/actual',
    ];
  } finally {
    db.close();
  }
}
