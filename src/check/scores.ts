/**
 * Checks of the scoring: scores within their weights, no full marks for a missed target, weights
 * adding up to 100 (and each section to its stated quota), the stated total equal to the sum of the
 * scores, and the grade in its score band.
 */
import type { BudgetLine, Indicator, Report } from '../normalize/schema.js';
import type { FormOfTable } from './budget.js';
import { halfStep, printedStep } from './precision.js';
import type { Check } from './schema.js';
import { SCORE_QUOTA } from '../vocabulary/quotas.js';

/** Points a full scoring adds up to. */
const FULL_MARKS = 100;

/** The bands of the usual grades: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60. */
export const GRADE_BANDS: Record<NonNullable<Report['grade']>, { low: number; high: number }> = {
  优: { low: 90, high: Infinity },
  良: { low: 80, high: 90 },
  中: { low: 60, high: 80 },
  差: { low: -Infinity, high: 60 },
};

/** A scored row, indicator or budget line, with the part of the report it belongs to. */
export interface ScoredRow {
  name: string;
  weight: number | null;
  score: number | null;
  page: number | null;
  /** The project form it is printed in, or null for the report's own tables. */
  form: string | null;
  /** The scoring it adds to: a form, or a programme (一级项目) of the report's own tables. */
  group: string | null;
  /** The section label as printed, with its quota (产出指标(50分)); indicators only. */
  section: string | null;
  met: boolean | null;
  isIndicator: boolean;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const round = (value: number) => Number(value.toFixed(4));

export function checkScoresWithinWeights(rows: readonly ScoredRow[]): Check[] {
  return rows.flatMap((row): Check[] =>
    row.score !== null && row.weight !== null && row.score > row.weight + 1e-9
      ? [
          {
            check: 'score_over_weight',
            subject: row.name,
            project: row.form,
            stated: row.score,
            computed: row.weight,
            detail: `scored ${row.score} of ${row.weight}`,
            page: row.page,
          },
        ]
      : [],
  );
}

export function checkFullScoreUnmet(rows: readonly ScoredRow[]): Check[] {
  return rows.flatMap((row): Check[] =>
    row.met === false && row.score !== null && row.weight !== null && row.weight > 0 && row.score >= row.weight
      ? [
          {
            check: 'full_score_unmet',
            subject: row.name,
            project: row.form,
            stated: row.score,
            computed: row.weight,
            detail: `target missed, scored ${row.score} of ${row.weight}`,
            page: row.page,
          },
        ]
      : [],
  );
}

/** Rows gathered by key, in order of first appearance (Map.groupBy is Node 21's). */
function groupBy(rows: readonly ScoredRow[], keyOf: (row: ScoredRow) => string): Map<string, ScoredRow[]> {
  const groups = new Map<string, ScoredRow[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

const groupsOf = (rows: readonly ScoredRow[]) => [...groupBy(rows, (row) => `${row.form ?? ''}\u0000${row.group ?? ''}`).values()];

/** A scoring is complete when every indicator carries a weight; lines without one (其中 lines) add nothing to it. */
function isCompleteScoring(group: readonly ScoredRow[]): boolean {
  return group.some((row) => row.isIndicator) && group.every((row) => !row.isIndicator || row.weight !== null);
}

export function checkWeightTotals(rows: readonly ScoredRow[]): Check[] {
  const checks: Check[] = [];
  for (const all of groupsOf(rows).filter(isCompleteScoring)) {
    const group = all.filter((row) => row.weight !== null);
    const first = group[0];
    const total = sum(group.map((row) => row.weight as number));
    if (group.length > 1 && Math.abs(total - FULL_MARKS) > 1e-6) {
      checks.push({
        check: 'weights_total',
        subject: (first.form === null ? first.group : null) ?? 'all weights',
        project: first.form,
        stated: FULL_MARKS,
        computed: round(total),
        detail: `${group.length} weighted rows`,
        page: first.page,
      });
    }
    const sections = groupBy(
      group.filter((row) => row.section && SCORE_QUOTA.test(row.section)),
      (row) => row.section!,
    );
    for (const [section, members] of sections) {
      const quota = Number(SCORE_QUOTA.exec(section)![1]);
      const weights = sum(members.map((row) => row.weight as number));
      if (Math.abs(weights - quota) > 1e-6) {
        checks.push({
          check: 'weights_total',
          subject: section,
          project: first.form,
          stated: quota,
          computed: round(weights),
          detail: `${members.length} indicators`,
          page: members[0].page,
        });
      }
    }
  }
  return checks;
}

/**
 * The stated total against the sum of the scores, where the report's own tables hold one complete
 * scoring (every indicator weighted, every weighted row scored): a department report scoring each
 * programme apart, or scoring elsewhere, is not compared.
 */
export function checkSelfScoreTotal(report: Report, rows: readonly ScoredRow[]): Check[] {
  if (report.self_score === null) return [];
  const own = groupsOf(rows.filter((row) => row.form === null || row.form === report.project)).filter(isCompleteScoring);
  if (own.length !== 1) return [];
  const group = own[0].filter((row) => row.weight !== null);
  if (group.some((row) => row.score === null)) return [];
  const computed = round(sum(group.map((row) => row.score as number)));
  if (Math.abs(computed - report.self_score) <= halfStep(printedStep(report.self_score))) return [];
  return [
    {
      check: 'self_score_total',
      subject: 'self_score',
      project: report.project,
      stated: report.self_score,
      computed,
      detail: `sum of ${group.length} scores`,
      page: group[0].page,
    },
  ];
}

export function checkGradeBand(report: Report): Check[] {
  const { grade, self_score: score } = report;
  if (grade === null || score === null) return [];
  const band = GRADE_BANDS[grade];
  if (score >= band.low && score < band.high) return [];
  const inBand = (Object.keys(GRADE_BANDS) as (keyof typeof GRADE_BANDS)[]).find((g) => score >= GRADE_BANDS[g].low && score < GRADE_BANDS[g].high);
  return [
    { check: 'grade_band', subject: grade, project: report.project, stated: score, computed: null, detail: `${score} is in the band of ${inBand}`, page: null },
  ];
}

/** Indicators and budget lines as scored rows. */
export function scoredRows(
  indicators: readonly Indicator[],
  lines: readonly BudgetLine[],
  formOfTable: FormOfTable,
  sectionLabels: readonly (string | null)[],
): ScoredRow[] {
  const indicatorRows = indicators.map((i, n): ScoredRow => {
    const form = formOfTable(i.table);
    return {
      name: i.name ?? '',
      weight: i.weight,
      score: i.score,
      page: i.page,
      form,
      group: form ?? i.project,
      section: sectionLabels[n] ?? null,
      met: i.met,
      isIndicator: true,
    };
  });
  const lineRows = lines.map((b): ScoredRow => {
    const form = formOfTable(b.table);
    return { name: b.name, weight: b.weight, score: b.score, page: b.page, form, group: form ?? b.project, section: null, met: null, isIndicator: false };
  });
  return [...indicatorRows, ...lineRows];
}
