/**
 * A run's summary, per site and in total, computed from its queue: so a run killed and resumed
 * reports everything it did, not only what the last process did.
 */
import { countByKind, errorKind } from '../extract/errors.js';
import type { QueueRow } from '../store/crawl-queue.js';
import type { FailedUrl, MorningReport } from './report.js';

export interface UrlReason {
  site: string;
  url: string;
  reason: string;
}

export interface SiteCounts {
  new: number;
  changed: number;
  unchanged: number;
  failed: number;
  /** Pages read for their links that hold no report (listings, news items). */
  pages: number;
  skipped: number;
  /** ZIP archives opened (their members count as reports). */
  archives: number;
}

export interface StoredReport {
  site: string;
  url: string;
  outcome: 'new' | 'changed';
  document_id: number | null;
}

export interface CrawlSummary {
  database: string;
  run: number;
  resumed: boolean;
  new: number;
  changed: number;
  unchanged: number;
  /** Each with `since`: null when it failed for the first time tonight, else the date it started failing. */
  failed: FailedUrl[];
  /** Failed URLs counted by kind, most first (as ingest's failedByKind). */
  failed_by_kind: Record<string, number>;
  /** Not fetched: disallowed by robots.txt, a presentation, an archive jixiao cannot open. */
  skipped: UrlReason[];
  pages: number;
  /** New and changed reports, with where they are stored. */
  stored: StoredReport[];
  /** Links left out because a site reached its limit of URLs for one run (this process only). */
  over_limit: number;
  /** Requests this process sent (a resumed run's earlier requests are not counted). */
  requests: number;
  seconds: number;
  sites: Record<string, SiteCounts>;
  /** With --discover: the start URLs and follow patterns chosen for each site (for sites.yaml). */
  discovered?: { site: string; start: string[]; follow: string[] }[];
  /** What a person reads first (report.ts); filled in once the run is over. */
  report?: MorningReport;
}

const emptyCounts = (): SiteCounts => ({ new: 0, changed: 0, unchanged: 0, failed: 0, pages: 0, skipped: 0, archives: 0 });

export function summarizeRows(
  rows: QueueRow[],
  header: Pick<CrawlSummary, 'database' | 'run' | 'resumed' | 'over_limit' | 'requests' | 'seconds'>,
): CrawlSummary {
  const summary: CrawlSummary = { ...header, new: 0, changed: 0, unchanged: 0, failed: [], failed_by_kind: {}, skipped: [], pages: 0, stored: [], sites: {} };
  for (const row of rows) {
    const site = (summary.sites[row.site] ??= emptyCounts());
    if (row.state === 'failed') {
      site.failed += 1;
      const reason = row.reason ?? 'unknown';
      summary.failed.push({ site: row.site, url: row.url, reason, kind: row.error_kind ?? errorKind(reason), since: null });
    } else if (row.state === 'skipped') {
      site.skipped += 1;
      summary.skipped.push({ site: row.site, url: row.url, reason: row.reason ?? 'skipped' });
    } else if (row.state === 'done' && row.outcome === 'archive') {
      site.archives += 1;
    } else if (row.state === 'done' && row.outcome && row.outcome !== 'archive') {
      const key = row.outcome === 'page' ? 'pages' : row.outcome;
      site[key] += 1;
      summary[key] += 1;
      if (row.outcome === 'new' || row.outcome === 'changed')
        summary.stored.push({ site: row.site, url: row.url, outcome: row.outcome, document_id: row.document_id });
    }
  }
  summary.failed_by_kind = countByKind(summary.failed);
  return summary;
}

/** Whether a run must exit 1: a URL failed for the first time, or a site could not be reached at all. */
export function runFailed(summary: CrawlSummary): boolean {
  return summary.failed.some((f) => f.since === null) || (summary.report?.unreachable.length ?? 0) > 0;
}

/** The lines stderr carries when a run fails: each unreachable site and each new failure, with its reason. */
export function failureLines(summary: CrawlSummary): string[] {
  return [
    ...(summary.report?.unreachable ?? []).map((u) => `${u.site} unreachable: ${u.reason}`),
    ...summary.failed.filter((f) => f.since === null).map((f) => `failed: ${f.url}: ${f.reason}`),
  ];
}

/** The summary for people: the morning report first (new reports, failures by reason, quiet sites), then the counts. */
export function summaryText(summary: CrawlSummary): string {
  const counts = (c: { new: number; changed: number; unchanged: number; pages: number }, failed: number, skipped: number) =>
    `new ${c.new}, changed ${c.changed}, unchanged ${c.unchanged}, failed ${failed}, skipped ${skipped}, pages ${c.pages}`;
  const report = summary.report;
  const failureLine = (f: FailedUrl) => `${f.since ? `still failing since ${f.since}` : 'failed'}: ${f.url}: ${f.reason}`;
  const lines = [
    `crawl run ${summary.run}${summary.resumed ? ' (resumed)' : ''} in ${summary.seconds.toFixed(1)} s, ${summary.requests} requests → ${summary.database}`,
    ...(report?.unreachable ?? []).map((u) => `  unreachable: ${u.site}: ${u.reason}`),
    ...(report?.new_reports ?? []).map(
      (r) => `  ${r.outcome}: ${r.url}${r.department || r.year ? ` (${[r.department, r.year, r.kind].filter(Boolean).join(', ')})` : ''}`,
    ),
    ...(summary.report ? [] : summary.stored.map((s) => `  ${s.outcome}: ${s.url}`)),
    // Grouped by reason, the largest group first: twenty 404s from one deleted column read as one problem.
    ...(report ? report.failures.flatMap((group) => group.urls) : summary.failed).map((f) => `  ${failureLine(f)}`),
    ...(report?.quiet_sites ?? []).map((q) => `  quiet: ${q.site}: nothing new for ${q.runs} runs (has its column moved?)`),
    ...summary.skipped.filter((s) => s.reason !== 'disallowed by robots.txt').map((s) => `  skipped: ${s.url}: ${s.reason}`),
    ...(summary.over_limit ? [`  ${summary.over_limit} links left out: a site reached its limit of URLs per run (max_pages)`] : []),
    `  ${counts(summary, summary.failed.length, summary.skipped.length)}`,
    ...(summary.failed.length
      ? [
          `  failed by kind: ${Object.entries(summary.failed_by_kind)
            .map(([kind, n]) => `${kind} ${n}`)
            .join(', ')}`,
        ]
      : []),
    ...Object.entries(summary.sites).map(([name, c]) => `  ${name}: ${counts(c, c.failed, c.skipped)}`),
    ...(summary.discovered ?? []).flatMap((d) => [
      `  ${d.site}: discovered ${d.start.length} sections`,
      ...d.start.map((s) => `    start: ${s}`),
      ...d.follow.map((f) => `    follow: ${f}`),
    ]),
  ];
  return `${lines.join('\n')}\n`;
}
