/**
 * Compares a record with a golden file the way ../shared/eval/score does (strings without white
 * space, numbers within 1e-9 relative), and lists every field that differs, so a failing test says
 * exactly what went wrong.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportRecord } from '../../src/normalize/schema.js';
import { extractReport } from '../../src/pipeline.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

const REPORT = ['title', 'department', 'region', 'year', 'kind', 'project', 'self_score', 'grade'];
const BUDGET = ['project', 'name', 'initial_budget', 'adjustment', 'final_budget', 'spent', 'execution_rate', 'weight', 'score'];
const INDICATOR = ['project', 'subproject', 'level1', 'category', 'name', 'weight', 'score', 'deviation', 'met'];
const VALUE = ['raw', 'op', 'value', 'low', 'high', 'unit', 'text'];

type Json = Record<string, unknown>;

function same(want: unknown, got: unknown): boolean {
  const norm = (v: unknown) => (typeof v === 'string' ? v.replace(/\s+/g, '') : (v ?? null));
  const [a, b] = [norm(want), norm(got)];
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1);
  if ((a === '' && b === null) || (a === null && b === '')) return true;
  return a === b;
}

function compareFields(where: string, want: Json, got: Json, fields: string[], out: string[]): void {
  for (const f of fields) if (!same(want[f], got[f])) out.push(`${where}.${f}: want ${JSON.stringify(want[f])} got ${JSON.stringify(got[f])}`);
}

function compareRows(kind: string, want: Json[], got: Json[], fields: string[], values: string[], out: string[]): void {
  if (want.length !== got.length) out.push(`${kind}: want ${want.length} rows, got ${got.length}`);
  want.forEach((w, i) => {
    const g = got[i];
    if (!g) return;
    compareFields(`${kind}[${i}]`, w, g, fields, out);
    for (const v of values) {
      const wv = (w[v] ?? {}) as Json;
      const gv = (g[v] ?? {}) as Json;
      compareFields(
        `${kind}[${i}].${v}`,
        wv,
        gv,
        VALUE.filter((f) => f in wv || f in gv),
        out,
      );
    }
  });
}

/** Every difference between a record and a golden, with report fields overridden as the manifest says. */
export function differences(golden: Json, record: ReportRecord, override: Record<string, unknown> = {}): string[] {
  const out: string[] = [];
  const report = { ...(golden.report as Json) };
  for (const [key, value] of Object.entries(override)) report[key.replace(/^report\./, '')] = value;
  compareFields('report', report, record.report as unknown as Json, REPORT, out);
  compareRows('budget_lines', (golden.budget_lines ?? []) as Json[], record.budget_lines as unknown as Json[], BUDGET, [], out);
  compareRows('indicators', (golden.indicators ?? []) as Json[], record.indicators as unknown as Json[], INDICATOR, ['target', 'actual'], out);
  return out;
}

export function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

const records = new Map<string, Promise<ReportRecord>>();

/** The record of a fixture, read once per test file however many tests look at it. */
export function recordOf(relative: string): Promise<ReportRecord> {
  let record = records.get(relative);
  if (!record) records.set(relative, (record = extractReport(path.join(FIXTURES, relative)).then((extraction) => extraction.record)));
  return record;
}
