/**
 * `jixiao serve`: the lists, the report page, the source of a number, and the safety rules — files
 * only from the paths the database recorded, no SQL from the browser, every text escaped, and on a
 * loopback address only requests addressed to it.
 */
import { readFileSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostAllowed, startDesk, type RunningDesk } from '../src/serve/server.js';
import { escapeHtml, html } from '../src/serve/html.js';
import { PAGE_IMAGE_WIDTH } from '../src/serve/page-image.js';
import { LIST_PARAMS } from '../src/serve/params.js';
import { openStore } from '../src/store/db.js';
import { LIST_NAMES } from '../src/store/desk.js';
import {
  expectBadParametersRefused,
  expectClimbingRefused,
  expectOnlyLoopbackReads,
  expectSqlTakenAsValue,
  fixtureDatabase,
  get,
  parseCsv,
} from './support/desk.js';

const FILES = ['project-2021.pdf', 'project-2021.html', 'project-2021.xlsx', 'jiangmen-2021.docx', 'jiangmen-2021.html'];
const SCRIPT_TITLE = '<script>alert("title")</script>自评报告';

let desk: RunningDesk;
let database: string;
let folder: string;
let port: number;

beforeAll(async () => {
  ({ database, folder } = await fixtureDatabase(FILES));
  // A hostile title, as a crawled page could carry.
  const db = openStore(database);
  db.prepare(`UPDATE reports SET title = ? WHERE document_id = (SELECT id FROM documents WHERE file_name = 'jiangmen-2021.html')`).run(SCRIPT_TITLE);
  db.close();
  desk = await startDesk({ db: database, host: '127.0.0.1', port: 0 });
  port = desk.port;
});

afterAll(() => desk?.close());

const documentId = (fileName: string) => {
  const db = openStore(database, { readonly: true });
  const row = db.prepare(`SELECT d.id, r.id AS report_id FROM documents d JOIN reports r ON r.document_id = d.id WHERE file_name = ?`).get(fileName) as {
    id: number;
    report_id: number;
  };
  db.close();
  return row;
};

describe('templates', () => {
  it('escapes every interpolated text, and only markup made by the template passes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<p>${'<b>'}${html`<i>${'&'}</i>`}${null}${[1, '<']}</p>`.text).toBe('<p>&lt;b&gt;<i>&amp;</i>1&lt;</p>');
  });
});

describe('the lists', () => {
  it('shows the missed targets, each report once, with links to the report and to the source of each value', async () => {
    const page = await get(port, '/list/missed_targets');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('资金拨付及时率');
    expect(page.text).toMatch(/href="\/source\/indicator\/\d+\/actual"/);
    expect(page.text).toMatch(/href="\/report\/\d+"/);
  });

  it('filters by the address, and downloads exactly the rows and columns shown', async () => {
    const shown = await get(port, '/list/budget_execution?kind=project&sort=spent&dir=desc&size=20');
    const csv = await get(port, '/list/budget_execution.csv?kind=project&sort=spent&dir=desc&size=20');
    const json = JSON.parse((await get(port, '/list/budget_execution.json?kind=project&sort=spent&dir=desc&size=20')).text) as Record<string, unknown>[];
    const rows = parseCsv(csv.text);
    const cells = [...shown.text.matchAll(/<tr>(.*?)<\/tr>/gs)]
      .slice(1)
      .map((m) => [...m[1].matchAll(/<td[^>]*>(?:<a [^>]*>)?(.*?)(?:<\/a>)?<\/td>/gs)].map((c) => c[1]));
    expect(rows.slice(1)).toEqual(cells);
    expect(json.length).toBe(cells.length);
    expect(json.every((row) => row.kind === 'project')).toBe(true);
    const spent = json.map((row) => row.spent as number | null).filter((n) => n !== null);
    expect(spent).toEqual([...spent].sort((a, b) => b - a));
    expect(rows[0]).toContain('执行数');
  });

  it('pages without overlap', async () => {
    const all = JSON.parse((await get(port, '/list/copies.json?size=500')).text) as unknown[];
    const first = JSON.parse((await get(port, '/list/copies.json?size=20&page=1')).text) as unknown[];
    const second = JSON.parse((await get(port, '/list/copies.json?size=20&page=2')).text) as unknown[];
    expect([...first, ...second]).toEqual(all.slice(0, first.length + second.length));
  });
});

describe('a report and the source of its numbers', () => {
  it('shows the fields, the indicators with the missed ones marked, and the copies', async () => {
    const { report_id } = documentId('project-2021.pdf');
    const page = await get(port, `/report/${report_id}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<tr class="missed"[^>]*>[\s\S]*?资金拨付及时率/);
    expect(page.text).toContain('project-2021.html');
    expect(page.text).toContain('project-2021.xlsx');
  });

  it('renders a PDF value on its page with its box, and outlines a table value in its redrawn table', async () => {
    const db = openStore(database, { readonly: true });
    const missed = db
      .prepare(
        `SELECT i.id, d.format, i.cells FROM indicators i JOIN reports r ON r.id = i.report_id JOIN documents d ON d.id = r.document_id
         WHERE i.met = 0 AND i.name = '资金拨付及时率'`,
      )
      .all() as { id: number; format: string; cells: string }[];
    db.close();
    const pdf = missed.find((i) => i.format === 'pdf')!;
    const pdfPage = await get(port, `/source/indicator/${pdf.id}/actual`);
    expect(pdfPage.text).toContain('id="viewer"');
    expect(pdfPage.text).toContain('/assets/source.js');
    const data = JSON.parse(/<script type="application\/json" id="source-data">(.*?)<\/script>/.exec(pdfPage.text)![1]) as { page: number; box: number[] };
    expect(data.box).toEqual(JSON.parse(pdf.cells).actual.box);
    // The page is drawn by the desk: a PNG of the page, as wide as PAGE_IMAGE_WIDTH and of the page's proportions.
    const { id: pdfId } = documentId('project-2021.pdf');
    expect(pdfPage.text).toContain(`<img src="/page/${pdfId}/${data.page}.png"`);
    const image = await get(port, `/page/${pdfId}/${data.page}.png`);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.body.subarray(1, 4).toString()).toBe('PNG');
    const [width, height] = [image.body.readUInt32BE(16), image.body.readUInt32BE(20)];
    expect(width).toBe(PAGE_IMAGE_WIDTH);
    expect(height / width).toBeGreaterThan(1.3);
    expect((await get(port, `/page/${pdfId}/999.png`)).status).toBe(404);
    expect((await get(port, `/page/${documentId('project-2021.html').id}/1.png`)).status).toBe(404);
    for (const format of ['html', 'xlsx']) {
      const { id } = missed.find((i) => i.format === format)!;
      const tablePage = await get(port, `/source/indicator/${id}/actual`);
      expect(tablePage.text, format).toContain('id="source-table"');
      expect(tablePage.text, format).toContain('<td class="hit" id="hit">95%</td>');
    }
  });

  it("finds a workbook value's cell by its stored sheet reference, whatever the cell holds", () => {
    const db = openStore(database, { readonly: true });
    try {
      const rows = db
        .prepare(
          `SELECT i.cells, i.actual_raw AS raw, d.id AS document_id FROM indicators i
           JOIN reports r ON r.id = i.report_id JOIN documents d ON d.id = r.document_id
           WHERE d.file_name = 'project-2021.xlsx' AND i.actual_raw IS NOT NULL`,
        )
        .all() as { cells: string; raw: string; document_id: number }[];
      expect(rows.length).toBeGreaterThan(5);
      const cellAt = db.prepare(`SELECT c.text FROM source_cells c JOIN source_tables t ON t.id = c.table_id WHERE t.document_id = ? AND c.ref = ?`);
      for (const row of rows) {
        const { ref } = JSON.parse(row.cells).actual as { ref: string };
        expect(cellAt.get(row.document_id, ref.split(':')[0]), ref).toEqual({ text: row.raw });
      }
    } finally {
      db.close();
    }
  });

  it('lists the conflicts between copies, none among the fixtures', async () => {
    const page = await get(port, '/list/copy_conflicts');
    expect(page.status).toBe(200);
    expect(page.text).toContain('共 <b id="total">0</b> 行');
  });

  it('serves the original PDF by its document id', async () => {
    const { id } = documentId('project-2021.pdf');
    const file = await get(port, `/file/${id}`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.body.equals(readFileSync(path.join(folder, 'project-2021.pdf')))).toBe(true);
  });

  it('serves its own scripts, and chart.js from node_modules', async () => {
    for (const asset of ['/assets/source.js', '/assets/chart.umd.min.js']) expect((await get(port, asset)).status, asset).toBe(200);
  });
});

describe('safety', () => {
  it('escapes a <script> in a report title on every page that shows it', async () => {
    const { report_id } = documentId('jiangmen-2021.html');
    for (const address of [`/report/${report_id}`, '/list/copies?size=500']) {
      const page = await get(port, address);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert');
      expect(page.text).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
    }
  });

  it('refuses paths that climb out, plain or encoded, for files and assets alike', async () => {
    await expectClimbingRefused(port);
  });

  it('serves no file whose path was replaced by a symbolic link, changed, or recorded with ..', async () => {
    const { id } = documentId('project-2021.xlsx');
    const file = path.join(folder, 'project-2021.xlsx');
    renameSync(file, `${file}.moved`);
    symlinkSync('/etc/passwd', file);
    expect((await get(port, `/file/${id}`)).status).toBe(404);
    unlinkSync(file);
    writeFileSync(file, 'other bytes');
    expect((await get(port, `/file/${id}`)).status).toBe(404);
    renameSync(`${file}.moved`, file);
    expect((await get(port, `/file/${id}`)).status).toBe(200);
    const db = openStore(database);
    db.prepare(`UPDATE documents SET path = ? WHERE id = ?`).run(`${folder}/../${path.basename(folder)}/project-2021.xlsx`, id);
    db.close();
    expect((await get(port, `/file/${id}`)).status).toBe(404);
  });

  it('takes SQL in every parameter as a value: no error, no rows matched, nothing changed', async () => {
    await expectSqlTakenAsValue(port, LIST_NAMES, LIST_PARAMS);
    const db = openStore(database, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n).toBe(FILES.length);
    db.close();
  });

  it('rejects unknown and repeated parameters and values out of their range', async () => {
    await expectBadParametersRefused(port);
  });

  it('answers only GET and HEAD, and bound to 127.0.0.1, refuses a request addressed to another host (DNS rebinding)', async () => {
    await expectOnlyLoopbackReads(port);
    expect(hostAllowed('evil.example', '0.0.0.0', 80)).toBe(true);
    expect(hostAllowed(undefined, '127.0.0.1', 80)).toBe(false);
    expect(hostAllowed('[::1]:80', '::1', 80)).toBe(true);
  });
});
