/**
 * A crawl run: the queue in the database, one loop per host fetching its URLs one at a time, and the
 * fetched bytes read by ingest's worker pool and stored by ingest's writing code, each URL finished
 * in one transaction (document, validators, queue row), so a run killed at any moment resumes cleanly.
 */
import type { Agent } from 'undici';
import { errorReason } from '../extract/errors.js';
import { Dispatcher, storeOrRecordFailure, type Runner } from '../ingest/run.js';
import { silentProgress, type Progress } from '../ingest/progress.js';
import type { ReportRecord } from '../normalize/schema.js';
import { sha256 } from '../pipeline.js';
import { openStore, type Store } from '../store/db.js';
import type { FileResult, WebProvenance } from '../store/write.js';
import { VERSION } from '../version.js';
import { crawlAgent, fetchUrl, type FetchContext } from './fetch.js';
import { linksOfPage, resolveLink, type Link } from './links.js';
import { Politeness } from './pacer.js';
import type { CrawlPlan, Site } from './plan.js';
import { CrawlQueue, finishRun, startOrResumeRun, type Finish, type QueueItem, type StoredValidators } from './queue.js';
import { robotsFromAnswer, robotsUrlOf, type RobotsRules } from './robots.js';
import { classifyResponse } from './response.js';
import { follows, scopeOf, type Scope } from './scope.js';
import { summarizeRows, type CrawlSummary } from './summary.js';

export const PROJECT_URL = 'https://github.com/jixiao/jixiao';
export const USER_AGENT = `jixiao/${VERSION} (+${PROJECT_URL}; reads published performance reports)`;

export interface CrawlOptions {
  database: string;
  runner: Runner;
  progress?: Progress;
  userAgent?: string;
  /** Fetched responses waiting to be read at most: bounds memory when reading is slower than fetching. */
  maxInFlight?: number;
  now?: () => Date;
}

interface KnownDocument {
  id: number;
  status: 'ok' | 'failed';
  error: string | null;
}

/** An HTML page is stored as a report only when it holds a report's tables; listings and news are not. */
function holdsReport(record: ReportRecord): boolean {
  return record.budget_lines.length > 0 || record.indicators.length > 0;
}

interface SiteEntry {
  site: Site;
  scope: Scope;
  context: FetchContext;
}

class Crawler {
  private readonly queue: CrawlQueue;
  private readonly sites: Map<string, SiteEntry>;
  private readonly politeness = new Politeness();
  private readonly robots = new Map<string, Promise<RobotsRules>>();
  private readonly agents: Agent[] = [];
  private readonly dispatcher: Dispatcher;
  private readonly bySha;
  private readonly byUrl;
  private readonly progressCounts;
  requests = 0;
  overLimit = 0;

  constructor(
    private readonly db: Store,
    runId: number,
    plan: CrawlPlan,
    private readonly options: CrawlOptions,
  ) {
    this.queue = new CrawlQueue(db, runId);
    this.dispatcher = new Dispatcher(options.runner, options.maxInFlight ?? 4);
    this.bySha = db.prepare<[string], KnownDocument>('SELECT id, status, error FROM documents WHERE sha256 = ?');
    this.byUrl = db.prepare<[string], { id: number }>('SELECT id FROM documents WHERE url = ? LIMIT 1');
    this.progressCounts = db.prepare<[number], { total: number; done: number; failed: number }>(
      `SELECT count(*) AS total, coalesce(sum(state != 'pending'), 0) AS done, coalesce(sum(state = 'failed'), 0) AS failed FROM crawl_queue WHERE run_id = ?`,
    );
    this.sites = new Map(
      plan.sites.map((site) => {
        const agent = crawlAgent(site.limits.fetch);
        this.agents.push(agent);
        const entry: SiteEntry = {
          site,
          scope: scopeOf(site.start, site.follow),
          context: {
            userAgent: options.userAgent ?? USER_AGENT,
            limits: site.limits.fetch,
            agent,
            pace: (url, send) => this.politeness.forHost(url.host, site.limits.delayMs).run(send),
            refuse: (url) => this.refusal(url, entry),
            sent: () => void (this.requests += 1),
          },
        };
        return [site.name, entry];
      }),
    );
  }

  get runQueue(): CrawlQueue {
    return this.queue;
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  enqueueStart(plan: CrawlPlan): void {
    this.db.transaction(() => {
      for (const site of plan.sites) {
        const links = site.start.map((url) => ({ url: resolveLink(url, url) ?? url, text: '', publishedAt: null }));
        this.overLimit += this.queue.enqueue(site.name, site.limits.maxPages, links, null);
      }
    })();
  }

  /** Fetch every pending URL, host by host in parallel, until none is left. */
  async run(): Promise<void> {
    for (let hosts = this.queue.hostsWithPending(); hosts.length; hosts = this.queue.hostsWithPending()) {
      await Promise.all(hosts.map((host) => this.crawlHost(host)));
      await this.dispatcher.drain();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.agents.map((agent) => agent.close()));
  }

  private async crawlHost(host: string): Promise<void> {
    for (let after = 0, item = this.queue.next(host, after); item; item = this.queue.next(host, after)) {
      after = item.id;
      const entry = this.sites.get(item.site);
      if (!entry) {
        this.finish(item, { state: 'skipped', reason: 'its site is no longer in the plan' });
        continue;
      }
      const current = item;
      await this.visit(current, entry).catch((error: unknown) => this.finish(current, { state: 'failed', reason: `internal error: ${errorReason(error)}` }));
    }
  }

  /** Finish a URL in one transaction: `decide` writes what it must (document, validators, links) and says how it ended. */
  private finish(item: QueueItem, decide: Finish | (() => Finish)): void {
    this.db.transaction(() => this.queue.finish(item.id, typeof decide === 'function' ? decide() : decide))();
    this.options.progress?.update(this.progressCounts.get(this.queue.runId)!);
  }

  /** robots.txt of a URL's origin, fetched once per run in the host's turn; its Crawl-delay slows the host. */
  private rulesFor(url: URL, { site, context }: SiteEntry): Promise<RobotsRules> {
    let rules = this.robots.get(url.origin);
    if (!rules) {
      const robotsUrl = robotsUrlOf(url.href);
      rules = fetchUrl(robotsUrl, null, { ...context, refuse: async () => null }).then((fetched) => {
        const answer =
          fetched.kind === 'ok'
            ? { status: fetched.status, text: Buffer.from(fetched.bytes).toString('utf8') }
            : fetched.kind === 'failed' && fetched.status !== null
              ? { status: fetched.status, text: '' }
              : { failure: fetched.kind === 'failed' ? fetched.reason : 'HTTP 304 to a request that was not conditional' };
        const parsed = robotsFromAnswer(robotsUrl, answer);
        this.politeness.forHost(url.host, site.limits.delayMs).atLeast(parsed.crawlDelaySeconds);
        return parsed;
      });
      this.robots.set(url.origin, rules);
    }
    return rules;
  }

  private async refusal(url: URL, entry: SiteEntry): Promise<string | null> {
    const rules = await this.rulesFor(url, entry);
    return rules.allows(url.href) ? null : (rules.unavailable ?? 'disallowed by robots.txt');
  }

  private linksToFollow(links: Link[], scope: Scope): Link[] {
    return links.filter((link) => follows(scope, link.url));
  }

  private enqueueLinks(item: QueueItem, site: Site, links: Link[]): void {
    this.overLimit += this.queue.enqueue(site.name, site.limits.maxPages, links, item.url);
  }

  private async visit(item: QueueItem, entry: SiteEntry): Promise<void> {
    const { site, scope, context } = entry;
    const refused = await this.refusal(new URL(item.url), entry);
    if (refused) return this.finish(item, { state: 'skipped', reason: refused });
    const known = this.queue.validators(item.url);
    const fetched = await fetchUrl(item.url, known ? { etag: known.etag, lastModified: known.last_modified } : null, context);
    if (fetched.kind === 'failed') return this.finish(item, { state: 'failed', reason: fetched.reason });
    if (fetched.kind === 'not-modified') {
      if (!known) return this.finish(item, { state: 'failed', reason: 'HTTP 304 to a request that was not conditional' });
      return this.finishUnchanged(item, site, known, this.linksToFollow(JSON.parse(known.links_json ?? '[]') as Link[], scope), this.bySha.get(known.sha256));
    }
    const classified = classifyResponse(item.url, fetched.headers, fetched.bytes);
    if ('failure' in classified) return this.finish(item, { state: 'failed', reason: classified.failure });
    const page = classified.format === 'html' ? linksOfPage(fetched.bytes, fetched.finalUrl) : null;
    const links = page ? this.linksToFollow(page.links, scope) : [];
    const fetchedAt = this.now();
    const validators: StoredValidators = {
      url: item.url,
      etag: fetched.headers.etag,
      last_modified: fetched.headers.lastModified,
      sha256: sha256(fetched.bytes),
      final_url: fetched.finalUrl,
      fetched_at: fetchedAt,
      published_at: page?.publishedAt ?? item.published_at,
      links_json: page ? JSON.stringify(links) : null,
    };
    const same = this.bySha.get(validators.sha256);
    if (same || known?.sha256 === validators.sha256) return this.finishUnchanged(item, site, validators, links, same);

    // Queue the page's links now, so this host's loop goes on while the pool reads the page.
    if (links.length) this.db.transaction(() => this.enqueueLinks(item, site, links))();
    const web: WebProvenance = {
      url: item.url,
      finalUrl: fetched.finalUrl,
      referrerUrl: item.referrer_url,
      linkText: item.link_text,
      fetchedAt,
      httpStatus: fetched.status,
      contentType: fetched.headers.contentType,
      publishedAt: validators.published_at,
    };
    await this.dispatcher.submit(
      { kind: 'bytes', name: item.url, bytes: fetched.bytes, format: classified.format },
      (result) => this.store(item, { ...result, web }, validators, page !== null),
      (error) => this.finish(item, { state: 'failed', reason: `internal error: ${errorReason(error)}` }),
    );
  }

  /** Bytes already held (a 304, the same bytes as last time, or the same bytes at another URL). */
  private finishUnchanged(item: QueueItem, site: Site, validators: StoredValidators, links: Link[], document: KnownDocument | undefined): void {
    const finish: Finish = !document
      ? { state: 'done', outcome: 'page' }
      : document.status === 'failed'
        ? { state: 'failed', reason: document.error ?? 'could not be read', documentId: document.id }
        : { state: 'done', outcome: 'unchanged', documentId: document.id };
    this.finish(item, () => {
      this.enqueueLinks(item, site, links);
      this.queue.remember(validators);
      return finish;
    });
  }

  /** A read result: stored as a document (a file, or a page holding a report), with its provenance. */
  private store(item: QueueItem, result: FileResult, validators: StoredValidators, isPage: boolean): void {
    if (isPage && !(result.outcome.ok && holdsReport(result.outcome.record))) {
      return this.finish(item, () => {
        this.queue.remember(validators);
        return { state: 'done', outcome: 'page' };
      });
    }
    this.finish(item, () => {
      const seenAtUrl = this.byUrl.get(item.url) !== undefined;
      const outcome = storeOrRecordFailure(this.db, result);
      const documentId = this.bySha.get(result.sha256)?.id ?? null;
      this.queue.remember(validators);
      const failure = outcome.failed ?? (result.outcome.ok ? null : result.outcome.error);
      if (failure) return { state: 'failed', reason: failure, documentId };
      return { state: 'done', outcome: !outcome.stored ? 'unchanged' : seenAtUrl ? 'changed' : 'new', documentId };
    });
  }
}

export async function crawl(plan: CrawlPlan, options: CrawlOptions): Promise<CrawlSummary> {
  const started = Date.now();
  const now = () => options.now?.() ?? new Date();
  const db = openStore(options.database);
  const progress = options.progress ?? silentProgress;
  const { runId, resumed } = startOrResumeRun(db, JSON.stringify(plan), now());
  const crawler = new Crawler(db, runId, plan, { ...options, progress });
  try {
    if (!resumed) crawler.enqueueStart(plan);
    progress.start(crawler.runQueue.rows().length);
    await crawler.run();
    const summary = summarizeRows(crawler.runQueue.rows(), {
      database: options.database,
      run: runId,
      resumed,
      over_limit: crawler.overLimit,
      requests: crawler.requests,
      seconds: (Date.now() - started) / 1000,
    });
    finishRun(db, runId, { new: summary.new, changed: summary.changed, unchanged: summary.unchanged, failed: summary.failed.length }, JSON.stringify(summary), now());
    return summary;
  } finally {
    progress.stop();
    await crawler.close();
    db.close();
  }
}
