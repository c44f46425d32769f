/**
 * End to end: every document of a manifest in, its golden records (or report fields) out, field by
 * field. The manifests are the shared ones: fixtures/expected.json and fixtures/real/expected.json.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/extract/index.js';
import { FIXTURES, differences, readJson, recordOf } from './support/golden.js';

interface Expectation {
  golden?: string;
  override?: Record<string, unknown>;
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

describe('documents yield their golden records', () => {
  it.each(all.filter(([file, e]) => e.golden && !isScan(file)))('%s', async (file, expectation) => {
    const golden = readJson(path.join(FIXTURES, path.dirname(file), expectation.golden!));
    expect(differences(golden, await recordOf(file), expectation.override)).toEqual([]);
  });
});

describe('documents yield the report fields their manifest names', () => {
  it.each(all.filter(([, e]) => e.report))('%s', async (file, expectation) => {
    const record = await recordOf(file);
    expect(Object.fromEntries(Object.keys(expectation.report!).map((field) => [field, record.report[field as keyof typeof record.report]]))).toEqual(
      expectation.report,
    );
  }, OCR_TIMEOUT);
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
