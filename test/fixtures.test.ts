/**
 * End to end: every document of a manifest in, its golden records (or report fields) out, field by
 * field. The manifests are the shared ones: fixtures/expected.json and fixtures/real/expected.json.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/extract/index.js';
import { extractReport } from '../src/pipeline.js';
import { FIXTURES, differences, readJson, recordOf } from './support/golden.js';

interface Expectation {
  golden?: string;
  override?: Record<string, unknown>;
  /** Fields the manifest leaves out of the comparison (report.department). */
  skip?: string[];
  report?: Record<string, unknown>;
  error?: boolean;
}

const manifests = ['.', 'real'].map((folder) => ({
  folder,
  entries: Object.entries(readJson(path.join(FIXTURES, folder, 'expected.json')) as Record<string, Expectation>).map(
    ([file, expectation]) => [path.join(folder, file), expectation] as const,
  ),
}));
const all = manifests.flatMap((m) => m.entries);
/** Scans are read by OCR: scored by field accuracy in ocr.test.ts, not field by field here. */
const isScan = (file: string) => file.startsWith('scanned/');
/** OCR reads a page in seconds, and the machine may be shared. */
const OCR_TIMEOUT = 300_000;

describe('documents yield their golden records, and no check finds their figures inconsistent', () => {
  it.each(all.filter(([file, e]) => e.golden && !isScan(file)))('%s', async (file, expectation) => {
    const golden = readJson(path.join(FIXTURES, path.dirname(file), expectation.golden!));
    const { record, checks } = await extractReport(path.join(FIXTURES, file));
    const skipped = (difference: string) => (expectation.skip ?? []).some((field) => difference.startsWith(`${field}:`));
    expect(differences(golden, record, expectation.override).filter((d) => !skipped(d))).toEqual([]);
    expect(checks).toEqual([]);
  });
});

describe('documents yield the report fields their manifest names, and no false alarm', () => {
  it.each(all.filter(([, e]) => e.report))(
    '%s',
    async (file, expectation) => {
      const { record, checks } = await extractReport(path.join(FIXTURES, file));
      expect(checks).toEqual([]);
      expect(Object.fromEntries(Object.keys(expectation.report!).map((field) => [field, record.report[field as keyof typeof record.report]]))).toEqual(
        expectation.report,
      );
    },
    OCR_TIMEOUT,
  );
});

describe('every money amount is a whole number of fen', () => {
  const amounts = (record: Awaited<ReturnType<typeof recordOf>>) => [
    ...record.budget_lines.flatMap((line) => [line.initial_budget, line.adjustment, line.final_budget, line.spent]),
    ...record.indicators
      .flatMap((i) => [i.target, i.actual])
      .flatMap((v) => (v && v.op !== 'text' && v.unit === '元' ? (v.op === 'between' ? [v.low, v.high] : [v.value]) : [])),
  ];
  it.each(all.filter(([file, e]) => e.golden && !isScan(file)).map(([file]) => file))('%s', async (file) => {
    const notFen = amounts(await recordOf(file)).filter((x): x is number => x !== null && !Number.isInteger(x * 100));
    expect(notFen).toEqual([]);
  });
});

describe('the templates jixiao knows give no warnings', () => {
  it.each(all.filter(([file, e]) => e.golden && !isScan(file)).map(([file]) => file))('%s', async (file) => {
    expect((await recordOf(file)).warnings).toEqual([]);
  });
});

describe('pages that are not reports come out as kind unknown with no records', () => {
  it.each(['bad/no-tables.html', 'bad/contacts-table.html'])('%s', async (file) => {
    const record = await recordOf(file);
    expect(record.report.kind).toBe('unknown');
    expect([record.budget_lines, record.indicators]).toEqual([[], []]);
  });
});

describe('unreadable documents fail with a reason', () => {
  it.each(all.filter(([, e]) => e.error).map(([file]) => file))('%s', async (file) => {
    await expect(extractFile(path.join(FIXTURES, file))).rejects.toThrow(/\w/);
  });
});
