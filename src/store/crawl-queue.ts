/**
 * The crawl's state in the database: runs, the queue of URLs each run found, and what every URL
 * answered last time. Each change is small and written as steps (steps.ts), so the crawl makes it in
 * one transaction with whatever goes with it (the document a URL gave, its validators): a crawl killed
 * at any moment leaves a queue that the next run simply continues.
 *
 * Several crawlers may share a run (on PostgreSQL, on several machines): each URL is queued once per
 * run (unique on run and URL), claimed by one worker at a time (crawl-sql.ts `claim`), and a claim
 * runs out unless its worker renews it (crawl-workers.ts), so a crashed worker's URLs are taken over.
 */
import { errorKind, type ErrorKind } from '../extract/errors.js';
import type { Link } from '../crawl/links.js';
import { all, get, insert, run, type Write } from './steps.js';
import { isDeadHere } from './crawl-workers.js';
import type { DocumentStore } from './store.js';

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
  /** The worker that took it (crawl-workers.ts). */
  claimed_by: string | null;
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

/**
 * Start a run, or join the latest unfinished one asked the same thing (a run killed before it finished,
 * or one that other crawlers are working on now). An unfinished run asked something else is closed as
 * it stands (its queue says how far it got), unless a crawler still works on it.
 */
function* startOrResumeRunWrite(planJson: string, now: Date, join: (runId: number) => Write<void>): Write<{ runId: number; resumed: boolean }> {
  const unfinished = yield* all<{ id: number; plan_json: string }>('unfinishedRuns');
  const same = unfinished.find((r) => r.plan_json === planJson);
  for (const other of unfinished) {
    if (other === same) continue;
    // A worker of this machine killed a moment ago still looks alive for a minute: it is not.
    const living = (yield* all<{ worker: string }>('workersAlive', other.id)).filter(({ worker }) => !isDeadHere(worker));
    if (!living.length) yield* run('closeRun', now.toISOString(), other.id);
  }
  const started = same ? { runId: same.id, resumed: true } : { runId: yield* insert('newRun', now.toISOString(), planJson), resumed: false };
  // Joined in the same transaction: a run is never without its worker, for another crawler to close.
  yield* join(started.runId);
  return started;
}

/** Runs start one at a time: two crawlers asked the same thing at once join one run. */
export const RUNS_LOCK = 'crawl runs';

export function startOrResumeRun(
  store: DocumentStore,
  planJson: string,
  now: Date,
  join: (runId: number) => Write<void>,
): Promise<{ runId: number; resumed: boolean }> {
  return store.transact(() => startOrResumeRunWrite(planJson, now, join), [RUNS_LOCK]);
}

export function finishRun(
  store: DocumentStore,
  runId: number,
  counts: { new: number; changed: number; unchanged: number; failed: number },
  summaryJson: string,
  reportJson: string,
  now: Date,
): Promise<void> {
  return store.transact(() => run('finishRun', { ...counts, id: runId, finished_at: now.toISOString(), summary: summaryJson, report: reportJson }));
}

/**
 * Queue links found for a site, in order, up to its limit of URLs per run; a URL already queued in
 * this run is not queued again. Returns how many were left out by the limit. Its transaction holds
 * the site's lock (siteLock), so crawlers queueing for one site at once keep to its limit.
 */
export function* enqueueWrite(runId: number, site: string, maxPages: number, links: Link[], referrer: string | null): Write<number> {
  let count = (yield* get<{ n: number }>('countForSite', runId, site))?.n ?? 0;
  let overLimit = 0;
  for (const link of links) {
    if (count >= maxPages) {
      overLimit += 1;
      continue;
    }
    if (yield* get('queueRow', runId, link.url)) continue;
    yield* run('enqueue', enqueued(runId, site, link, referrer));
    count += 1;
  }
  return overLimit;
}

const enqueued = (runId: number, site: string, link: Link, referrer: string | null) => ({
  run_id: runId,
  site,
  host: new URL(link.url).host,
  url: link.url,
  referrer_url: referrer,
  link_text: link.text || null,
  published_at: link.publishedAt,
});

/** Queue one URL whatever the site's limit (one the run decides without fetching it), or find it queued: its row. */
export function* enqueueOneWrite(runId: number, site: string, link: Link, referrer: string | null): Write<QueueRow> {
  yield* run('enqueue', enqueued(runId, site, link, referrer));
  return (yield* get<QueueRow>('queueRow', runId, link.url))!;
}

/** The lock a transaction that queues URLs for a site takes first (PostgreSQL's advisory lock). */
export const siteLock = (runId: number, site: string) => `queue ${runId} ${site}`;

export function* finishWrite(id: number, finish: Finish): Write<void> {
  const reason = finish.reason ?? null;
  const kind = finish.state === 'failed' ? errorKind(reason ?? '') : null;
  yield* run('finishQueued', { id, state: finish.state, outcome: finish.outcome ?? null, reason, error_kind: kind, document_id: finish.documentId ?? null });
}

export function* rememberWrite(validators: StoredValidators): Write<void> {
  yield* run('remember', validators);
}

export function* queueRowWrite(runId: number, url: string): Write<QueueRow | undefined> {
  return yield* get<QueueRow>('queueRow', runId, url);
}

/** The queue of one run as one worker works on it. */
export class CrawlQueue {
  constructor(
    private readonly store: DocumentStore,
    readonly runId: number,
    /** Who claims: a worker of crawl-workers.ts. */
    private readonly worker: string,
    /** How long a claim holds unless renewed. */
    private readonly claimMs: number,
  ) {}

  enqueue(site: string, maxPages: number, links: Link[], referrer: string | null): Promise<number> {
    return this.store.transact(() => enqueueWrite(this.runId, site, maxPages, links, referrer), [siteLock(this.runId, site)]);
  }

  /** The next URL of a host that nobody holds, now this worker's until it finishes it or its claim runs out. */
  claim(host: string): Promise<QueueItem | undefined> {
    return this.store.transact(() => get<QueueItem>('claim', { worker: this.worker, claim_ms: this.claimMs, run_id: this.runId, host }));
  }

  /** Hosts with URLs left that nobody holds. */
  async claimableHosts(): Promise<string[]> {
    return (await this.store.read(() => all<{ host: string }>('claimableHosts', this.runId))).map((r) => r.host);
  }

  /** URLs of the run not finished yet, held by a worker or not. */
  async pending(): Promise<number> {
    return (await this.store.read(() => get<{ n: number }>('pendingCount', this.runId)))?.n ?? 0;
  }

  finish(id: number, finish: Finish): Promise<void> {
    return this.store.transact(() => finishWrite(id, finish));
  }

  rows(): Promise<QueueRow[]> {
    return this.store.read(() => all<QueueRow>('runRows', this.runId));
  }

  validators(url: string): Promise<StoredValidators | undefined> {
    return this.store.read(() => get<StoredValidators>('validators', url));
  }

  async progress(): Promise<{ total: number; done: number; failed: number }> {
    return (await this.store.read(() => get<{ total: number; done: number; failed: number }>('progress', this.runId)))!;
  }
}
