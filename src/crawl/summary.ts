/**
 * A run's summary, per site and in total, computed from its queue: so a run killed and resumed
 * reports everything it did, not only what the last process did.
 */
import type { QueueRow } from './queue.js';

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
  failed: UrlReason[];
  /** Not fetched: disallowed by robots.txt. */
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
}

const emptyCounts = (): SiteCounts => ({ new: 0, changed: 0, unchanged: 0, failed: 0, pages: 0, skipped: 0 });

export function summarizeRows(rows: QueueRow[], header: Pick<CrawlSummary, 'database' | 'run' | 'resumed' | 'over_limit' | 'requests' | 'seconds'>): CrawlSummary {
  const summary: CrawlSummary = { ...header, new: 0, changed: 0, unchanged: 0, failed: [], skipped: [], pages: 0, stored: [], sites: {} };
  for (const row of rows) {
    const site = (summary.sites[row.site] ??= emptyCounts());
    if (row.state === 'failed') {
      site.failed += 1;
      summary.failed.push({ site: row.site, url: row.url, reason: row.reason ?? 'unknown' });
    } else if (row.state === 'skipped') {
      site.skipped += 1;
      summary.skipped.push({ site: row.site, url: row.url, reason: row.reason ?? 'skipped' });
    } else if (row.state === 'done' && row.outcome) {
      const key = row.outcome === 'page' ? 'pages' : row.outcome;
      site[key] += 1;
      summary[key] += 1;
      if (row.outcome === 'new' || row.outcome === 'changed') summary.stored.push({ site: row.site, url: row.url, outcome: row.outcome, document_id: row.document_id });
    }
  }
  return summary;
}

/** The summary for people: totals, each site, then every failure with its reason. */
export function summaryText(summary: CrawlSummary): string {
  const counts = (c: { new: number; changed: number; unchanged: number; pages: number }, failed: number, skipped: number) =>
    `new ${c.new}, changed ${c.changed}, unchanged ${c.unchanged}, failed ${failed}, skipped ${skipped} (robots.txt), pages ${c.pages}`;
  const lines = [
    `crawl run ${summary.run}${summary.resumed ? ' (resumed)' : ''} in ${summary.seconds.toFixed(1)} s, ${summary.requests} requests → ${summary.database}`,
    `  ${counts(summary, summary.failed.length, summary.skipped.length)}`,
    ...Object.entries(summary.sites).map(([name, c]) => `  ${name}: ${counts(c, c.failed, c.skipped)}`),
    ...summary.stored.map((s) => `  ${s.outcome}: ${s.url}`),
    ...summary.failed.map((f) => `  failed: ${f.url}: ${f.reason}`),
    ...(summary.over_limit ? [`  ${summary.over_limit} links left out: a site reached its limit of URLs per run (max_pages)`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
