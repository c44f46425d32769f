/**
 * The desk in a real browser: Chromium from the system's package manager driven by playwright-core
 * (no browser download). The bundled reports are ingested into a fresh database; a journalist opens
 * the home page, filters the missed targets, opens a report, clicks a missed target's actual value
 * and sees it outlined on the rendered PDF page, searches, and downloads the list as CSV. A
 * screenshot of each page is kept in test-artifacts/e2e/ (git-ignored) for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type RunningDesk } from '../../src/serve/server.js';
import { openStore } from '../../src/store/db.js';
import { fixtureDatabase, parseCsv } from '../support/desk.js';
import { FIXTURES } from '../support/golden.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/e2e');

function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || null;
    } catch {
      // not this name
    }
  }
  return null;
}

const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn('test/e2e/desk.test.ts: skipped, no chromium on PATH (CI installs it from the package manager)');

/** The bundled reports: every fixture file at the top of fixtures/ in a format jixiao reads. */
const REPORT_FILES = readdirSync(FIXTURES).filter((f) => /\.(pdf|docx?|html|txt|xlsx?)$/.test(f));

describe.skipIf(!CHROMIUM)('the desk in a browser', () => {
  let desk: RunningDesk;
  let database: string;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ database } = await fixtureDatabase(REPORT_FILES));
    desk = await startDesk({ db: database, host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM! });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('opens the home page with a count for each list', async () => {
    await page.goto(desk.url);
    const cards = await page.locator('.cards a[id^=card-]').count();
    expect(cards).toBeGreaterThanOrEqual(6);
    expect(Number(await page.locator('#card-missed_targets b').innerText())).toBeGreaterThan(0);
    await shot('home');
  });

  it('filters the missed targets by kind, the filter in the address', async () => {
    const counted = await page.locator('#card-missed_targets b').innerText();
    await page.click('#card-missed_targets');
    expect(await page.locator('#total').innerText()).toBe(counted);
    await page.selectOption('select[name=kind]', 'project');
    await page.click('form.filters button[type=submit]');
    expect(new URL(page.url()).searchParams.get('kind')).toBe('project');
    const kinds = await page.locator('#rows td[data-column=kind]').allInnerTexts();
    expect(kinds).toEqual(['项目']);
    expect(await page.locator('#rows td[data-column=indicator]').allInnerTexts()).toEqual(['资金拨付及时率']);
    await shot('missed-targets');
  });

  it('downloads a CSV whose rows are the rows shown', async () => {
    const shown = await page
      .locator('#rows tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const headings = await page.locator('#rows thead th').allInnerTexts();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(csv[0]).toEqual(headings.map((h) => h.replace(/ [▲▼]$/, '')));
    expect(csv.slice(1)).toEqual(shown);
  });

  it('opens the report, and its PDF copy, with the missed target marked', async () => {
    await page.click('#rows td[data-column=path] a');
    expect(await page.locator('#indicators tr.missed').count()).toBeGreaterThan(0);
    if (!(await page.locator('dl.fields dd', { hasText: /project-2021\.pdf$/ }).count())) {
      await page.click('#copies a:text-matches("project-2021\\\\.pdf$")');
    }
    expect(await page.locator('dl.fields').innerText()).toContain('project-2021.pdf');
    await shot('report');
  });

  it('outlines the clicked actual value on the rendered PDF page, where the cell was read', async () => {
    const row = page.locator('#indicators tr.missed').first();
    const indicatorId = Number(await row.getAttribute('data-indicator'));
    await row.locator('td[data-column=actual] a').click();
    await page.waitForSelector('#viewer[data-state=rendered]', { timeout: 30_000 });
    const db = openStore(database, { readonly: true });
    const { cells } = db.prepare('SELECT cells FROM indicators WHERE id = ?').get(indicatorId) as { cells: string };
    db.close();
    const { page: pageNo, box } = JSON.parse(cells).actual as { page: number; box: [number, number, number, number] };
    expect(await page.locator('#viewer').getAttribute('data-page')).toBe(String(pageNo));
    const canvas = (await page.locator('#viewer img').boundingBox())!;
    const outline = (await page.locator('#outline').boundingBox())!;
    const expected = {
      x: canvas.x + box[0] * canvas.width,
      y: canvas.y + box[1] * canvas.height,
      width: (box[2] - box[0]) * canvas.width,
      height: (box[3] - box[1]) * canvas.height,
    };
    expect(outline.x).toBeCloseTo(expected.x, 0);
    expect(outline.y).toBeCloseTo(expected.y, 0);
    expect(outline.width).toBeCloseTo(expected.width, 0);
    expect(outline.height).toBeCloseTo(expected.height, 0);
    expect(await page.locator('#value').innerText()).toBe('95%');
    await shot('source-pdf');
  });

  it('searches: one hit per report, department and year shown, copies counted', async () => {
    await page.fill('header input[name=q]', '资金拨付及时率');
    await page.press('header input[name=q]', 'Enter');
    await page.waitForSelector('#hits');
    const hits = await page.locator('#hits li').allInnerTexts();
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((hit) => hit.includes('江门市工业和信息化局') && hit.includes('2021') && /\d+ 个副本/.test(hit))).toBe(true);
    expect(await page.locator('#hits mark').first().innerText()).toBe('资金拨付及时率');
    await shot('search');
  });

  it('draws the charts, and fits a phone screen', async () => {
    await page.goto(`${desk.url}charts?department=${encodeURIComponent('江门市工业和信息化局')}`);
    expect(await page.locator('canvas[data-chart]').count()).toBe(4);
    await shot('charts');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${desk.url}list/missed_targets`);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await shot('phone-missed-targets');
  });
});
