/**
 * The crawl's state in the database: runs, the queue of URLs each run found, and what every URL
 * answered last time. Each change is small and made inside the caller's transaction, so a crawl
 * killed at any moment leaves a queue that the next run simply continues.
 */
import { errorKind, type ErrorKind } from '../extract/errors.js';
import type { Store } from './db.js';
import type { Link } from '../crawl/links.js';

export type QueueState = 'pending' | 'done' | 'failed' | 'skipped';
export type Outcome = 'new' | 'changed' | 'unchanged' | 'page' | 'archive';

export interface QueueItem {
  id: number;
  site: string;
  host: string;
  url: string;
  referrer_url: string | null;
  link_text: string | null;
  published_at: string | null;
}

export interface QueueRow extends QueueItem {
  state: QueueState;
  outcome: Outcome | null;
  reason: string | null;
  /** For a failed URL, why in one word (network, http_status, damaged …). */
  error_kind: ErrorKind | null;
  document_id: number | null;
}

export interface Finish {
  state: Exclude<QueueState, 'pending'>;
  outcome?: Outcome;
  reason?: string;
  documentId?: number | null;
}

export interface StoredValidators {
  url: string;
  etag: string | null;
  last_modified: string | null;
  sha256: string;
  final_url: string | null;
  fetched_at: string;
  published_at: string | null;
  links_json: string | null;
}

/** Start a run, or resume the last one when it was killed before finishing and was asked the same thing. */
export function startOrResumeRun(db: Store, planJson: string, now: Date): { runId: number; resumed: boolean } {
  return db.transaction(() => {
    const unfinished = db
      .prepare<[], { id: number; plan_json: string }>('SELECT id, plan_json FROM crawl_runs WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1')
      .get();
    if (unfinished?.plan_json === planJson) return { runId: unfinished.id, resumed: true };
    // A killed run that asked for something else is closed as it stands: its queue says how far it got.
    db.prepare(`UPDATE crawl_runs SET finished_at = ? WHERE finished_at IS NULL`).run(now.toISOString());
    const runId = Number(db.prepare('INSERT INTO crawl_runs (started_at, plan_json) VALUES (?, ?)').run(now.toISOString(), planJson).lastInsertRowid);
    return { runId, resumed: false };
  })();
}

export function finishRun(
  db: Store,
  runId: number,
  counts: { new: number; changed: number; unchanged: number; failed: number },
  summaryJson: string,
  reportJson: string,
  now: Date,
): void {
  db.prepare(
    `UPDATE crawl_runs SET finished_at = @finished_at, new = @new, changed = @changed, unchanged = @unchanged, failed = @failed,
       summary_json = @summary, report_json = @report
     WHERE id = @id`,
  ).run({ ...counts, id: runId, finished_at: now.toISOString(), summary: summaryJson, report: reportJson });
}

export class CrawlQueue {
  private readonly insert;
  private readonly countForSite;
  private readonly nextForHost;
  private readonly update;
  private readonly validatorsOf;
  private readonly rowOfUrl;
  private readonly saveValidators;

  constructor(
    private readonly db: Store,
    readonly runId: number,
  ) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO crawl_queue (run_id, site, host, url, referrer_url, link_text, published_at, state)
       VALUES (@run_id, @site, @host, @url, @referrer_url, @link_text, @published_at, 'pending')`,
    );
    this.countForSite = db.prepare<[number, string], { n: number }>('SELECT count(*) AS n FROM crawl_queue WHERE run_id = ? AND site = ?');
    this.nextForHost = db.prepare<[number, string, number], QueueItem>(
      `SELECT id, site, host, url, referrer_url, link_text, published_at FROM crawl_queue
       WHERE run_id = ? AND host = ? AND state = 'pending' AND id > ? ORDER BY id LIMIT 1`,
    );
    this.update = db.prepare(
      'UPDATE crawl_queue SET state = @state, outcome = @outcome, reason = @reason, error_kind = @error_kind, document_id = @document_id WHERE id = @id',
    );
    this.rowOfUrl = db.prepare<[number, string], QueueRow>('SELECT * FROM crawl_queue WHERE run_id = ? AND url = ?');
    this.validatorsOf = db.prepare<[string], StoredValidators>('SELECT * FROM crawl_validators WHERE url = ?');
    this.saveValidators = db.prepare(
      `INSERT OR REPLACE INTO crawl_validators (url, etag, last_modified, sha256, final_url, fetched_at, published_at, links_json)
       VALUES (@url, @etag, @last_modified, @sha256, @final_url, @fetched_at, @published_at, @links_json)`,
    );
  }

  /**
   * Queue links found for a site, in order, up to its limit of URLs per run; a URL already queued in
   * this run is not queued again. Returns how many were left out by the limit.
   */
  enqueue(site: string, maxPages: number, links: Link[], referrer: string | null): number {
    let count = this.countForSite.get(this.runId, site)?.n ?? 0;
    let overLimit = 0;
    for (const link of links) {
      if (count >= maxPages) {
        overLimit += 1;
        continue;
      }
      const host = new URL(link.url).host;
      const row = { run_id: this.runId, site, host, url: link.url, referrer_url: referrer, link_text: link.text || null, published_at: link.publishedAt };
      count += this.insert.run(row).changes;
    }
    return overLimit;
  }

  /** The next URL to fetch from a host, after the one last taken. */
  next(host: string, afterId: number): QueueItem | undefined {
    return this.nextForHost.get(this.runId, host, afterId);
  }

  finish(id: number, finish: Finish): void {
    const reason = finish.reason ?? null;
    const kind = finish.state === 'failed' ? errorKind(reason ?? '') : null;
    this.update.run({ id, state: finish.state, outcome: finish.outcome ?? null, reason, error_kind: kind, document_id: finish.documentId ?? null });
  }

  hostsWithPending(): string[] {
    return this.db
      .prepare<[number], { host: string }>(`SELECT DISTINCT host FROM crawl_queue WHERE run_id = ? AND state = 'pending' ORDER BY host`)
      .all(this.runId)
      .map((r) => r.host);
  }

  rows(): QueueRow[] {
    return this.db.prepare<[number], QueueRow>('SELECT * FROM crawl_queue WHERE run_id = ? ORDER BY id').all(this.runId);
  }

  rowOf(url: string): QueueRow | undefined {
    return this.rowOfUrl.get(this.runId, url);
  }

  validators(url: string): StoredValidators | undefined {
    return this.validatorsOf.get(url);
  }

  remember(validators: StoredValidators): void {
    this.saveValidators.run(validators);
  }
}
