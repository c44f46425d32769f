/**
 * End to end: every fixture document in, the golden records out, field by field.
 * The manifest is the shared one (fixtures/expected.json); formats not yet supported are listed.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSupportedPath } from '../src/extract/index.js';
import { FIXTURES, differences, readJson, recordOf } from './support/golden.js';

interface Expectation {
  golden?: string;
  override?: Record<string, unknown>;
  report?: Record<string, unknown>;
  error?: boolean;
}

const manifest = readJson(path.join(FIXTURES, 'expected.json')) as Record<string, Expectation>;
const goldenCases = Object.entries(manifest).filter(([file, e]) => e.golden && isSupportedPath(file));
const reportCases = Object.entries(manifest).filter(([file, e]) => e.report && isSupportedPath(file));

describe('fixture documents yield their golden records', () => {
  it.each(goldenCases)('%s', async (file, expectation) => {
    const golden = readJson(path.join(FIXTURES, expectation.golden!));
    expect(differences(golden, await recordOf(file), expectation.override)).toEqual([]);
  });
});

describe('pages that are not reports come out as kind unknown with no records', () => {
  it.each(reportCases)('%s', async (file, expectation) => {
    const record = await recordOf(file);
    for (const [field, value] of Object.entries(expectation.report!)) expect(record.report[field as keyof typeof record.report]).toEqual(value);
    expect(record.budget_lines).toEqual([]);
    expect(record.indicators).toEqual([]);
  });
});
