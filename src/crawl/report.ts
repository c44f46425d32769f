/**
 * The morning report: what a person reads first after a nightly run. Per site, the reports new since
 * the last run (department, year, kind, URL); failures grouped by reason, each either new tonight or
 * still failing since the date it first failed; sites that could not be reached at all; and sites that
 * returned nothing new for many runs in a row (often a column that moved). Only new failures and
 * unreachable sites make the run fail (exit status 1): a URL that was already failing the night before
 * has been reported once and is listed, not raised again.
 */
import type { ErrorKind } from '../extract/errors.js';
import type { QueueRow } from '../store/crawl-queue.js';
import { all } from '../store/steps.js';
import type { DocumentStore } from '../store/store.js';

/** Runs in a row with nothing new after which a site is listed as quiet (a month of nightly runs). */
export const QUIET_RUNS = 30;

export interface NewReport {
  site: string;
  url: string;
  outcome: 'new' | 'changed';
  department: string | null;
  year: number | null;
  kind: string | null;
}

export interface FailedUrl {
  site: string;
  url: string;
  reason: string;
  /** Why in one word (network, http_status, redirect, not_a_report, damaged …): failures group by it. */
  kind: ErrorKind;
  /** The date (YYYY-MM-DD) of the first run in an unbroken series of runs where this URL failed; null: new tonight. */
  since: string | null;
}

export interface MorningReport {
  new_reports: NewReport[];
  /** Failures grouped by reason (what varies from URL to URL replaced by …), largest group first. */
  failures: { reason: string; urls: FailedUrl[] }[];
  unreachable: { site: string; reason: string }[];
  quiet_sites: { site: string; runs: number }[];
}

/** For a URL failing in this run: when it started failing without a break, or null when it did not fail the last time it was tried. */
export async function failingSince(store: DocumentStore, runId: number, url: string): Promise<string | null> {
  const history = await store.read(() => all<{ state: string; started_at: string }>('failureHistory', url, runId));
  let since: string | null = null;
  for (const run of history) {
    if (run.state !== 'failed') break;
    since = run.started_at.slice(0, 10);
  }
  return since;
}

/** A site is unreachable when every one of its start URLs failed (nothing listening, robots.txt unreadable …). */
export function unreachableSites(rows: QueueRow[]): { site: string; reason: string }[] {
  const starts = new Map<string, QueueRow[]>();
  for (const row of rows) if (row.referrer_url === null) starts.set(row.site, [...(starts.get(row.site) ?? []), row]);
  return [...starts].filter(([, list]) => list.every((row) => row.state === 'failed')).map(([site, list]) => ({ site, reason: list[0].reason ?? 'unknown' }));
}

/** A reason without what varies from URL to URL (addresses, hosts, a page's own words), so like failures group together. */
export const reasonGroup = (reason: string) =>
  reason
    .replace(/https?:\/\/[^\s:]+(?::\d+)?[^\s:]*/g, '…')
    .replace(/\([^)]*\)/g, '(…)')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/(was linked \(…\)|was linked): .*$/, '$1');

function groupFailures(failed: FailedUrl[]): MorningReport['failures'] {
  const groups = new Map<string, FailedUrl[]>();
  for (const failure of failed) {
    const key = reasonGroup(failure.reason);
    groups.set(key, [...(groups.get(key) ?? []), failure]);
  }
  return [...groups].map(([reason, urls]) => ({ reason, urls })).sort((a, b) => b.urls.length - a.urls.length || a.reason.localeCompare(b.reason));
}

async function newReports(store: DocumentStore, rows: QueueRow[]): Promise<NewReport[]> {
  const found: NewReport[] = [];
  for (const row of rows) {
    if (!(row.outcome === 'new' || row.outcome === 'changed') || row.document_id === null) continue;
    const base = { site: row.site, url: row.url, outcome: row.outcome };
    const reports = await store.read(() => all<{ department: string | null; year: number | null; kind: string | null }>('reportsOfDocument', row.document_id));
    found.push(...(reports.length ? reports.map((r) => ({ ...base, ...r })) : [{ ...base, department: null, year: null, kind: null }]));
  }
  return found;
}

/** Sites with nothing new or changed in this run and in each of the runs before it, at least `quietRuns` in a row. */
async function quietSites(
  store: DocumentStore,
  runId: number,
  tonight: Record<string, { new: number; changed: number }>,
  quietRuns: number,
): Promise<MorningReport['quiet_sites']> {
  const earlier = (await store.read(() => all<{ summary_json: string | null }>('earlierRunSummaries', runId))).map(
    (run) => (JSON.parse(run.summary_json ?? '{}') as { sites?: Record<string, { new: number; changed: number }> }).sites ?? {},
  );
  const quiet: MorningReport['quiet_sites'] = [];
  for (const [site, counts] of Object.entries(tonight)) {
    if (counts.new + counts.changed) continue;
    let runs = 1;
    for (const sites of earlier) {
      const then = sites[site];
      if (!then) continue;
      if (then.new + then.changed) break;
      runs += 1;
    }
    if (runs >= quietRuns) quiet.push({ site, runs });
  }
  return quiet;
}

export async function morningReport(
  store: DocumentStore,
  runId: number,
  rows: QueueRow[],
  failed: FailedUrl[],
  sites: Record<string, { new: number; changed: number }>,
  quietRuns = QUIET_RUNS,
): Promise<MorningReport> {
  return {
    new_reports: await newReports(store, rows),
    failures: groupFailures(failed),
    unreachable: unreachableSites(rows),
    quiet_sites: await quietSites(store, runId, sites, quietRuns),
  };
}
