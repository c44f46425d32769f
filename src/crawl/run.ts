/**
 * A crawl run: the queue in the database, one loop per host fetching its URLs one at a time, and the
 * fetched bytes read by ingest's worker pool and stored by ingest's writing code, each URL finished
 * in one transaction (document, validators, queue row), so a run killed at any moment resumes cleanly.
 * A ZIP archive's members are documents of their own, each with its own queue row (`archive.zip#name`).
 *
 * Several crawlers may work on one run at once (a PostgreSQL database shared by several machines): each
 * claims the URLs it fetches, keeps to every host's lease (src/store/crawl-workers.ts), and the run is
 * over when no URL is left, whoever fetched it.
 */
import type { Agent } from 'undici';
import { archiveMembers, memberAddress, memberFileName } from '../extract/archive.js';
import { errorReason } from '../extract/errors.js';
import { notReadReason } from '../extract/formats.js';
import { DEFAULT_UNPACK_LIMITS, type UnpackLimits } from '../extract/unpack/index.js';
import { Dispatcher, storeRecordingFailure, type Runner } from '../ingest/run.js';
import { silentProgress, type Progress } from '../ingest/progress.js';
import type { ReportRecord } from '../normalize/schema.js';
import { sha256 } from '../pipeline.js';
import { asStorageError, StorageError, type Store } from '../store/db.js';
import { get, run, type Write } from '../store/steps.js';
import { storeFor, type DocumentStore } from '../store/store.js';
import { documentLocks, storeFileWrite, type FileResult, type WebProvenance } from '../store/write.js';
import { CLAIM_MS, CrawlWorker, HostLeases } from '../store/crawl-workers.js';
import { VERSION } from '../version.js';
import { CookieJar } from './cookies.js';
import { discoverSections, type Discovered } from './discover.js';
import { crawlAgent, fetchUrl, type FetchContext, type Fetched } from './fetch.js';
import { linksOfPage, resolveLink, textOfPage, type Link, type PageLinks } from './links.js';
import { Politeness, sleep, type HostPacer } from './pacer.js';
import type { CrawlPlan, Site } from './plan.js';
import {
  CrawlQueue,
  enqueueWrite,
  finishRun,
  finishWrite,
  enqueueOneWrite,
  queueRowWrite,
  rememberWrite,
  siteLock,
  startOrResumeRun,
  type Finish,
  type QueueItem,
  type StoredValidators,
} from '../store/crawl-queue.js';
import { failingSince, morningReport } from './report.js';
import { robotsFromAnswer, robotsUrlOf, type RobotsAnswer, type RobotsRules } from './robots.js';
import { classifyResponse } from './response.js';
import { follows, linkKind, outsideScope, scopeOf, type Scope } from './scope.js';
import { notFoundReason } from './soft404.js';
import { summarizeRows, type CrawlSummary } from './summary.js';

/**
 * No project URL: the package has no public home yet, and a placeholder would send site owners nowhere.
 * The product token `jixiao` is what robots.txt groups match.
 */
export const USER_AGENT = `jixiao/${VERSION} (the jixiao package; reads published performance reports; obeys robots.txt for "jixiao")`;

export interface CrawlOptions {
  database: string;
  runner: Runner;
  progress?: Progress;
  userAgent?: string;
  /** Fetched responses waiting to be read at most: bounds memory when reading is slower than fetching. */
  maxInFlight?: number;
  now?: () => Date;
  /** How far a ZIP archive's members may unpack, each (the same limits as DOCX and XLSX). */
  unpackLimits?: UnpackLimits;
  /** Find each site's report sections from its home page first (the start URLs are home pages). */
  discover?: boolean;
  /** Runs in a row with nothing new after which a site is listed as quiet. */
  quietRuns?: number;
  /** How the database is opened (tests give a store that fills up after a few pages). */
  openStore?: (file: string) => Store;
  /** How long this crawler's claims hold unless renewed (renewed every third of it); tests shorten it. */
  claimMs?: number;
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

/** A member of an archive as kept in the archive's validators, so a 304 can account for every member. */
type MemberLink = Link & { skipped?: string };

/** A site's own 404 pages kept per host, to recognise the same page answered with 200. */
const ERROR_PAGES_PER_HOST = 3;

/** How often the progress line's counts are read from the queue, at most. */
const PROGRESS_EVERY_MS = 250;

/** How often a crawler with nothing left to claim looks again while others finish the run's last URLs. */
const WAIT_FOR_OTHERS_MS = 200;

/**
 * Store a read result under its URL; how its queue row ends. A document stored by another crawler
 * meanwhile is found by its sha256 and counted unchanged.
 */
function* storeResultWrite(url: string, result: FileResult, now: Date): Write<Finish> {
  const seenAtUrl = (yield* get('documentAtUrl', url)) !== undefined;
  const outcome = yield* storeFileWrite(result, VERSION, now);
  const documentId = outcome.stored ? outcome.documentId : outcome.existingId;
  if (!result.outcome.ok) return { state: 'failed', reason: result.outcome.error, documentId };
  return { state: 'done', outcome: !outcome.stored ? 'unchanged' : seenAtUrl ? 'changed' : 'new', documentId };
}

function unchangedDocument(document: KnownDocument): Finish {
  return document.status === 'failed'
    ? { state: 'failed', reason: document.error ?? 'could not be read', documentId: document.id }
    : { state: 'done', outcome: 'unchanged', documentId: document.id };
}

/** An archive member when the archive has not changed: its stored document, or why it was skipped. */
function* unchangedMemberWrite(member: MemberLink): Write<Finish> {
  if (member.skipped) return { state: 'skipped', reason: member.skipped };
  const document = yield* get<KnownDocument>('currentDocumentAtUrl', member.url);
  return document ? unchangedDocument(document) : { state: 'failed', reason: 'not stored by an earlier run' };
}

/** How a URL ends: decided at once, or by steps that write what goes with it (a document, validators, links). */
type Decision = Finish | (() => Write<Finish>);
function* decided(decision: Decision): Write<Finish> {
  return typeof decision === 'function' ? yield* decision() : decision;
}

class Crawler {
  private readonly queue: CrawlQueue;
  private readonly sites: Map<string, SiteEntry>;
  private readonly politeness: Politeness;
  private readonly robots = new Map<string, Promise<RobotsRules>>();
  private readonly cookies = new CookieJar();
  private readonly errorPages = new Map<string, string[]>();
  private readonly agents: Agent[] = [];
  private readonly dispatcher: Dispatcher;
  requests = 0;
  overLimit = 0;
  private progressShownAt = 0;
  /** The store's own error (disk full, read-only …) that stopped the run: nothing is written after it. */
  stopped: StorageError | null = null;

  constructor(
    private readonly store: DocumentStore,
    private readonly runId: number,
    plan: CrawlPlan,
    private readonly options: CrawlOptions,
    private readonly worker: CrawlWorker,
  ) {
    this.queue = new CrawlQueue(store, runId, worker.name, worker.claimMs);
    this.politeness = new Politeness(new HostLeases(worker));
    this.dispatcher = new Dispatcher(options.runner, options.maxInFlight ?? 4);
    this.sites = new Map(plan.sites.map((site) => [site.name, this.entryFor(site)]));
  }

  private pacerFor(host: string, site: Site): HostPacer {
    return this.politeness.forHost(host, site.limits.delayMs);
  }

  private entryFor(site: Site): SiteEntry {
    const agent = crawlAgent(site.limits.fetch);
    this.agents.push(agent);
    const entry: SiteEntry = {
      site,
      scope: scopeOf(site.start, site.follow),
      context: {
        userAgent: this.options.userAgent ?? USER_AGENT,
        limits: site.limits.fetch,
        agent,
        pace: (url, send) => this.pacerFor(url.host, site).run(send),
        // Scope first: asking about robots.txt would itself be a request to the other host.
        refuse: async (url) => outsideScope(entry.scope, url) ?? (await this.refusal(url, entry))?.reason ?? null,
        cookies: this.cookies,
        sent: () => void (this.requests += 1),
      },
    };
    return entry;
  }

  /** A site's start URLs and patterns replaced (by --discover): its scope follows. */
  replaceSite(site: Site): void {
    const entry = this.sites.get(site.name);
    if (!entry) return;
    entry.site = site;
    entry.scope = scopeOf(site.start, site.follow);
  }

  get runQueue(): CrawlQueue {
    return this.queue;
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  /** Queue each site's start URLs; a site in `failed` (--discover found nothing) has them failed with the reason, not fetched. */
  async enqueueStart(plan: CrawlPlan, failed = new Map<string, string>()): Promise<void> {
    const runId = this.runId;
    this.overLimit += await this.store.transact(
      function* () {
        let overLimit = 0;
        for (const site of plan.sites) {
          const links = site.start.map((url) => ({ url: resolveLink(url, url) ?? url, text: '', publishedAt: null }));
          overLimit += yield* enqueueWrite(runId, site.name, site.limits.maxPages, links, null);
          const reason = failed.get(site.name);
          if (!reason) continue;
          for (const link of links) {
            const row = yield* queueRowWrite(runId, link.url);
            if (row?.state === 'pending') yield* finishWrite(row.id, { state: 'failed', reason });
          }
        }
        return overLimit;
      },
      [...new Set(plan.sites.map((site) => siteLock(runId, site.name)))].sort(),
    );
  }

  /**
   * Fetch every URL of the run, host by host in parallel, until none is left: those this crawler
   * claims, then (when others hold the last ones) waiting for them to finish or to lose their claims.
   */
  async run(): Promise<void> {
    while (!this.stopped) {
      // A crawler of this machine that died (a run killed and started again) lets go of its URLs now, so
      // they are fetched in their turn, not after the rest.
      await this.worker.freeTheDead(this.runId);
      const hosts = await this.queue.claimableHosts();
      if (hosts.length) {
        // Every host's loop ends, and every reading under way is stored, before an error goes up.
        const ended = await Promise.allSettled(hosts.map((host) => this.crawlHost(host)));
        await this.dispatcher.drain();
        const failed = ended.find((end) => end.status === 'rejected');
        if (failed) throw failed.reason;
        continue;
      }
      if (!(await this.queue.pending())) return;
      // Nothing of this crawler is in flight now; what it still holds (none, unless a bug) is let go.
      await this.worker.release();
      await sleep(WAIT_FOR_OTHERS_MS);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.agents.map((agent) => agent.close()));
  }

  /** One page of a site, fetched as the crawl fetches (scope, robots.txt, pacing, cookies): for --discover. */
  async fetchPage(siteName: string, url: string): Promise<{ page: PageLinks; finalUrl: string } | { failure: string }> {
    const entry = this.sites.get(siteName)!;
    const refused = outsideScope(entry.scope, new URL(url)) ?? (await this.refusal(new URL(url), entry))?.reason;
    if (refused) return { failure: refused };
    const fetched = await fetchUrl(url, null, entry.context);
    if (fetched.kind !== 'ok') return { failure: fetched.kind === 'failed' ? fetched.reason : 'HTTP 304 to a request that was not conditional' };
    return { page: linksOfPage(fetched.bytes, fetched.finalUrl), finalUrl: fetched.finalUrl };
  }

  /** Claim a host's URLs one after another; an error of the store (claiming, or finishing one) stops the run. */
  private async crawlHost(host: string): Promise<void> {
    try {
      await this.claimAndVisit(host);
    } catch (error) {
      const storage = asStorageError(error, this.options.database);
      if (!storage) throw error;
      this.stopped ??= storage;
    }
  }

  private async claimAndVisit(host: string): Promise<void> {
    for (let item = await this.queue.claim(host); item && !this.stopped; item = this.stopped ? undefined : await this.queue.claim(host)) {
      const entry = this.sites.get(item.site);
      if (!entry) {
        await this.finish(item, { state: 'skipped', reason: 'its site is no longer in the plan' });
        continue;
      }
      const current = item;
      await this.visit(current, entry).catch((error: unknown) =>
        this.crashed(error, () => this.finish(current, { state: 'failed', reason: `internal error: ${errorReason(error)}` })),
      );
    }
  }

  /**
   * An error while visiting or storing a URL: one of the store itself stops the run and is recorded as
   * no URL's failure (its row stays pending, so the next run fetches it); any other is the URL's failure.
   */
  private async crashed(error: unknown, recordFailure: () => Promise<void>): Promise<void> {
    const storage = asStorageError(error, this.options.database);
    if (storage) {
      this.stopped ??= storage;
      return;
    }
    try {
      await recordFailure();
    } catch (again) {
      const stored = asStorageError(again, this.options.database);
      if (!stored) throw again;
      this.stopped ??= stored;
    }
  }

  /** A read result handed on to be stored, unless the store has already failed. */
  private unlessStopped<T>(store: (result: T) => Promise<void>): (result: T) => Promise<void> {
    return async (result) => {
      if (!this.stopped) await store(result);
    };
  }

  /** Finish a URL in one transaction: the decision's steps write what they must (document, validators, links) and say how it ended. */
  private async finish(item: QueueItem, decision: Decision, locks: string[] = []): Promise<void> {
    await this.store.transact(function* () {
      yield* finishWrite(item.id, yield* decided(decision));
    }, locks);
    await this.showProgress();
  }

  /** The run's counts for the progress line, read at most every PROGRESS_EVERY_MS (a query over the queue) and not when nothing shows them. */
  private async showProgress(): Promise<void> {
    const { progress } = this.options;
    if (!progress || progress === silentProgress || Date.now() - this.progressShownAt < PROGRESS_EVERY_MS) return;
    this.progressShownAt = Date.now();
    progress.update(await this.queue.progress());
  }

  /** robots.txt of a URL's origin, read once per run in the host's turn; its Crawl-delay slows the host. */
  private rulesFor(url: URL, entry: SiteEntry): Promise<RobotsRules> {
    let rules = this.robots.get(url.origin);
    if (!rules) {
      const robotsUrl = robotsUrlOf(url.href);
      rules = this.robotsAnswer(url, robotsUrl, entry).then((answer) => {
        const parsed = robotsFromAnswer(robotsUrl, answer);
        this.pacerFor(url.host, entry.site).atLeast(parsed.crawlDelaySeconds);
        return parsed;
      });
      this.robots.set(url.origin, rules);
    }
    return rules;
  }

  /** What robots.txt answered this run: fetched by the first crawler to ask (in the host's turn), read from the database by the others. */
  private async robotsAnswer(url: URL, robotsUrl: string, { site, context }: SiteEntry): Promise<RobotsAnswer> {
    const runId = this.runId;
    const stored = async () => {
      const row = await this.store.read(() => get<{ answer_json: string }>('robotsAnswer', runId, url.origin));
      return row ? (JSON.parse(row.answer_json) as RobotsAnswer) : null;
    };
    const known = await stored();
    if (known) return known;
    return this.pacerFor(url.host, site).run(async () => {
      const meanwhile = await stored();
      if (meanwhile) return meanwhile;
      const sameHost = async (next: URL) => (next.host === url.host ? null : `robots.txt redirected to another host (${next.host})`);
      // In the host's turn already: its requests (a redirect, a retry) are not paced again.
      const fetched = await fetchUrl(robotsUrl, null, { ...context, refuse: sameHost, pace: (_, send) => send() });
      // A redirect that could not be followed (off the host, a loop) is no answer: its reason is kept.
      const answered = fetched.kind === 'failed' && fetched.status !== null && (fetched.status < 300 || fetched.status >= 400);
      const answer: RobotsAnswer =
        fetched.kind === 'ok'
          ? { status: fetched.status, text: Buffer.from(fetched.bytes).toString('utf8') }
          : answered
            ? { status: fetched.status!, text: '' }
            : { failure: fetched.kind === 'failed' ? fetched.reason : 'HTTP 304 to a request that was not conditional' };
      // Kept for the run when the server answered for good; no answer or a 5xx is asked again by the next crawler (or a resumed run).
      if ('status' in answer && answer.status < 500) await this.store.transact(() => run('saveRobotsAnswer', runId, url.origin, JSON.stringify(answer)));
      return answer;
    });
  }

  /** Why robots.txt keeps a URL from being fetched; `unreachable` when robots.txt itself could not be read. */
  private async refusal(url: URL, entry: SiteEntry): Promise<{ reason: string; unreachable: boolean } | null> {
    const rules = await this.rulesFor(url, entry);
    if (rules.allows(url.href)) return null;
    return rules.unavailable ? { reason: rules.unavailable, unreachable: true } : { reason: 'disallowed by robots.txt', unreachable: false };
  }

  private linksToFollow(links: Link[], scope: Scope): Link[] {
    return links.filter((link) => follows(scope, link));
  }

  /**
   * A listing's own links (a frame, a refresh, a pager) that point off the site are failures with their
   * reason, never requested: a column that moved to another host must be noticed, not followed.
   */
  private offSiteListingLinks(scope: Scope, links: Link[]): { link: Link; reason: string }[] {
    return links
      .filter((link) => link.role === 'listing')
      .map((link) => ({ link, outside: outsideScope(scope, new URL(link.url)) }))
      .filter((l): l is { link: Link; outside: string } => l.outside !== null)
      .map(({ link, outside }) => ({ link, reason: `the page sends readers to ${link.url}: ${outside}` }));
  }

  /**
   * A page's links: the listing's off-site ones failed at once, the ones to follow returned (for the
   * caller to queue). Both are kept with the page's validators, for a 304 to replay.
   */
  private async pageLinks(item: QueueItem, site: Site, scope: Scope, links: Link[]): Promise<{ follow: Link[]; offSite: Link[] }> {
    const offSite = this.offSiteListingLinks(scope, links);
    for (const { link, reason } of offSite) await this.finishAt(item, site, link, { state: 'failed', reason });
    return { follow: this.linksToFollow(links, scope), offSite: offSite.map(({ link }) => link) };
  }

  /**
   * A row for a URL this run decides without fetching it (an archive member, an off-site link), queued
   * and finished in one transaction, so no crawler ever sees it pending.
   */
  private async finishAt(item: QueueItem, site: Site, link: Link, decision: Decision, locks: string[] = []): Promise<void> {
    const runId = this.runId;
    // Outside the site's limit of URLs: no count, and no site lock to take.
    await this.store.transact(function* () {
      const row = yield* enqueueOneWrite(runId, site.name, link, item.url);
      // Already finished by a run that was killed and resumed: it stands.
      if (row.state === 'pending') yield* finishWrite(row.id, yield* decided(decision));
    }, locks);
  }

  private async visit(item: QueueItem, entry: SiteEntry): Promise<void> {
    const { site, scope, context } = entry;
    const url = new URL(item.url);
    const kind = item.referrer_url === null ? 'page' : (linkKind(url, item.link_text ?? '') ?? 'page');
    const notRead = notReadReason(url.pathname);
    if (notRead) return this.finish(item, { state: 'skipped', reason: notRead });
    const refused = await this.refusal(url, entry);
    if (refused) return this.finish(item, { state: refused.unreachable ? 'failed' : 'skipped', reason: refused.reason });
    const known = await this.queue.validators(item.url);
    const fetched = await fetchUrl(item.url, known ? { etag: known.etag, lastModified: known.last_modified } : null, context);
    if (fetched.kind === 'failed') {
      this.rememberErrorPage(url.host, fetched);
      return this.finish(item, { state: 'failed', reason: fetched.reason });
    }
    if (fetched.kind === 'not-modified') {
      if (!known) return this.finish(item, { state: 'failed', reason: 'HTTP 304 to a request that was not conditional' });
      const { follow } = await this.pageLinks(item, site, scope, JSON.parse(known.links_json ?? '[]') as Link[]);
      return this.finishUnchanged(item, site, known, follow, await this.documentBySha(known.sha256));
    }
    const classified = classifyResponse({ url: item.url, text: item.link_text, kind }, fetched.headers, fetched.bytes);
    if ('failure' in classified) return this.finish(item, { state: 'failed', reason: classified.failure });
    if ('skipped' in classified) return this.finish(item, { state: 'skipped', reason: classified.skipped });
    const page = 'format' in classified && classified.format === 'html' ? linksOfPage(fetched.bytes, fetched.finalUrl) : null;
    if (page && kind === 'page') {
      const notFound = notFoundReason(page, this.errorPages.get(url.host));
      if (notFound) return this.finish(item, { state: 'failed', reason: notFound });
    }
    const read = page ? await this.pageLinks(item, site, scope, page.links) : null;
    const links = read?.follow ?? [];
    const kept = read ? [...read.follow, ...read.offSite] : null;
    const fetchedAt = this.now();
    const validators: StoredValidators = {
      url: item.url,
      etag: fetched.headers.etag,
      last_modified: fetched.headers.lastModified,
      sha256: sha256(fetched.bytes),
      final_url: fetched.finalUrl,
      fetched_at: fetchedAt,
      published_at: page?.publishedAt ?? item.published_at,
      links_json: kept ? JSON.stringify(kept) : null,
    };
    const web: WebProvenance = {
      url: item.url,
      finalUrl: fetched.finalUrl,
      referrerUrl: item.referrer_url,
      linkText: item.link_text,
      fetchedAt,
      httpStatus: fetched.status,
      contentType: fetched.headers.contentType,
      publishedAt: validators.published_at,
      fileName: classified.fileName,
    };
    if ('archive' in classified) return this.readArchive(item, site, fetched.bytes, validators, web, known);
    const same = await this.documentBySha(validators.sha256);
    if (same || known?.sha256 === validators.sha256) return this.finishUnchanged(item, site, validators, links, same);

    // Queue the page's links now, so this host's loop goes on while the pool reads the page.
    if (links.length) this.overLimit += await this.queue.enqueue(site.name, site.limits.maxPages, links, item.url);
    await this.dispatcher.submit(
      { kind: 'bytes', name: item.url, bytes: fetched.bytes, format: classified.format },
      this.unlessStopped((result) => this.storeRead(item, { ...result, web }, validators, page !== null)),
      (error) => this.crashed(error, () => this.finish(item, { state: 'failed', reason: `internal error: ${errorReason(error)}` })),
    );
  }

  private documentBySha(sha: string): Promise<KnownDocument | undefined> {
    return this.store.read(() => get<KnownDocument>('documentBySha', sha));
  }

  private rememberErrorPage(host: string, fetched: Extract<Fetched, { kind: 'failed' }>): void {
    if (!fetched.body?.length) return;
    const pages = this.errorPages.get(host) ?? [];
    if (pages.length >= ERROR_PAGES_PER_HOST) return;
    const { text } = textOfPage(fetched.body);
    if (text && !pages.includes(text)) this.errorPages.set(host, [...pages, text]);
  }

  /**
   * A ZIP archive: each member read as a document of its own and finished under its own queue row; the
   * archive's row is finished when the last member is, so a killed run fetches the archive again.
   */
  private async readArchive(
    item: QueueItem,
    site: Site,
    bytes: Uint8Array,
    validators: StoredValidators,
    web: WebProvenance,
    known: StoredValidators | undefined,
  ): Promise<void> {
    let members: ReturnType<typeof archiveMembers>;
    try {
      members = archiveMembers(bytes, this.options.unpackLimits ?? DEFAULT_UNPACK_LIMITS);
    } catch (error) {
      return this.finish(item, { state: 'failed', reason: `a ZIP archive that cannot be read: ${errorReason(error)}` });
    }
    const links: MemberLink[] = members.map((m) => ({
      url: memberAddress(item.url, m.name),
      text: m.name,
      publishedAt: item.published_at,
      ...('skipped' in m ? { skipped: m.skipped } : {}),
    }));
    validators.links_json = JSON.stringify(links);
    if (!members.some((m) => 'format' in m || 'failure' in m)) return this.finish(item, { state: 'failed', reason: 'a ZIP archive holding no report' });
    if (known?.sha256 === validators.sha256) return this.finishUnchanged(item, site, validators, links, undefined);

    const finishArchive = () =>
      this.finish(item, function* () {
        yield* rememberWrite(validators);
        return { state: 'done', outcome: 'archive' } as Finish;
      });
    let left = members.length;
    const done = async () => {
      if (--left === 0) await finishArchive();
    };
    for (const [i, member] of members.entries()) {
      const link = links[i];
      if (!('format' in member)) {
        const failure = 'failure' in member ? member.failure : null;
        // A member over the limits is stored as a failed document, as ingest stores a file it cannot read.
        if (failure) await this.finishMember(item, site, link, this.memberResult(link, member.name, validators.sha256, web, { ok: false, error: failure }));
        else await this.finishAt(item, site, link, { state: 'skipped', reason: (member as { skipped: string }).skipped });
        await done();
        continue;
      }
      await this.dispatcher.submit(
        { kind: 'bytes', name: link.url, bytes: member.bytes, format: member.format },
        this.unlessStopped(async (result: FileResult) => {
          await this.finishMember(item, site, link, {
            ...result,
            web: { ...web, url: link.url, finalUrl: `${web.finalUrl}#${member.name}`, fileName: memberFileName(member.name) },
          });
          await done();
        }),
        (error) =>
          this.crashed(error, async () => {
            await this.finishAt(item, site, link, { state: 'failed', reason: `internal error: ${errorReason(error)}` });
            await done();
          }),
      );
    }
  }

  /** An archive member's read result stored under its own row. */
  private async finishMember(item: QueueItem, site: Site, link: Link, result: FileResult): Promise<void> {
    const now = new Date();
    await storeRecordingFailure(result, this.options.database, (stored) =>
      this.finishAt(item, site, link, () => storeResultWrite(link.url, stored, now), documentLocks(stored)),
    );
  }

  /** A member that could not be read, as a result the store keeps. */
  private memberResult(link: Link, name: string, archiveSha256: string, web: WebProvenance, outcome: { ok: false; error: string }): FileResult {
    return {
      path: link.url,
      sha256: sha256(new TextEncoder().encode(`${archiveSha256}#${name}`)),
      sizeBytes: 0,
      format: null,
      outcome,
      web: { ...web, url: link.url, finalUrl: `${web.finalUrl}#${name}`, fileName: memberFileName(name) },
    };
  }

  /** Bytes already held (a 304, the same bytes as last time, or the same bytes at another URL). */
  private async finishUnchanged(item: QueueItem, site: Site, validators: StoredValidators, links: Link[], document: KnownDocument | undefined): Promise<void> {
    const members = (JSON.parse(validators.links_json ?? '[]') as MemberLink[]).filter((link) => link.url.startsWith(`${item.url}#`));
    if (members.length) {
      for (const member of members) await this.finishAt(item, site, member, () => unchangedMemberWrite(member));
      return this.finish(item, function* () {
        yield* rememberWrite(validators);
        return { state: 'done', outcome: 'archive' } as Finish;
      });
    }
    const finish: Finish = !document ? { state: 'done', outcome: 'page' } : unchangedDocument(document);
    const runId = this.runId;
    let overLimit = 0;
    await this.finish(
      item,
      function* () {
        overLimit = yield* enqueueWrite(runId, site.name, site.limits.maxPages, links, item.url);
        yield* rememberWrite(validators);
        return finish;
      },
      [siteLock(runId, site.name)],
    );
    this.overLimit += overLimit;
  }

  /** A read result: stored as a document (a file, or a page holding a report), with its provenance. */
  private async storeRead(item: QueueItem, result: FileResult, validators: StoredValidators, isPage: boolean): Promise<void> {
    if (isPage && !(result.outcome.ok && holdsReport(result.outcome.record))) {
      return this.finish(item, function* () {
        yield* rememberWrite(validators);
        return { state: 'done', outcome: 'page' } as Finish;
      });
    }
    const now = new Date();
    await storeRecordingFailure(result, this.options.database, (stored) =>
      this.finish(
        item,
        function* () {
          const finish = yield* storeResultWrite(item.url, stored, now);
          yield* rememberWrite(validators);
          return finish;
        },
        documentLocks(stored),
      ),
    );
  }
}

/** With --discover: each site's report sections found from its home page become its start URLs and patterns. */
async function discover(crawler: Crawler, plan: CrawlPlan): Promise<{ found: Discovered[]; plan: CrawlPlan }> {
  const found: Discovered[] = [];
  const sites: Site[] = [];
  for (const site of plan.sites) {
    const sections = await discoverSections(site.start, (url) => crawler.fetchPage(site.name, url));
    found.push({ site: site.name, ...sections });
    if (!sections.start.length) {
      sites.push(site);
      continue;
    }
    const discovered = { ...site, start: sections.start, follow: [...site.follow, ...sections.follow] };
    crawler.replaceSite(discovered);
    sites.push(discovered);
  }
  return { found, plan: { ...plan, sites } };
}

export async function crawl(plan: CrawlPlan, options: CrawlOptions): Promise<CrawlSummary> {
  const started = Date.now();
  const now = () => options.now?.() ?? new Date();
  const store = await storeFor(options);
  const progress = options.progress ?? silentProgress;
  const worker = new CrawlWorker(store, undefined, options.claimMs ?? CLAIM_MS);
  let crawler: Crawler | null = null;
  // A worker that cannot keep its claims alive stops: others would take its URLs over while it works on them.
  const lost = (error: unknown) => {
    if (crawler)
      crawler.stopped ??=
        asStorageError(error, options.database) ?? new StorageError(store.name, 'KEEPALIVE', `cannot keep this crawler's claims: ${errorReason(error)}`);
  };
  try {
    const planJson = JSON.stringify({ ...plan, ...(options.discover ? { discover: true } : {}) });
    const { runId, resumed } = await startOrResumeRun(store, planJson, now(), (id) => worker.joinWrite(id, now()));
    worker.keepAlive(lost);
    crawler = new Crawler(store, runId, plan, { ...options, progress }, worker);
    const discovery = options.discover ? await discover(crawler, plan) : undefined;
    const discovered = discovery?.found;
    const notFound = new Map((discovered ?? []).filter((d) => d.failure).map((d) => [d.site, d.failure!]));
    // A run stopped by the store before its start URLs were queued has an empty queue: they are queued now
    // (by every crawler joining it at once: a URL is queued once per run whoever queues it).
    if (!resumed || !(await crawler.runQueue.progress()).total) await crawler.enqueueStart(discovery?.plan ?? plan, notFound);
    progress.start((await crawler.runQueue.progress()).total);
    await crawler.run();
    if (crawler.stopped) throw crawler.stopped;
    const rows = await crawler.runQueue.rows();
    const summary = summarizeRows(rows, {
      database: store.name,
      run: runId,
      resumed,
      over_limit: crawler.overLimit,
      requests: crawler.requests,
      seconds: (Date.now() - started) / 1000,
    });
    for (const failure of summary.failed) failure.since = await failingSince(store, runId, failure.url);
    if (discovered) summary.discovered = discovered;
    summary.report = await morningReport(store, runId, rows, summary.failed, summary.sites, options.quietRuns);
    await finishRun(
      store,
      runId,
      { new: summary.new, changed: summary.changed, unchanged: summary.unchanged, failed: summary.failed.length },
      JSON.stringify(summary),
      JSON.stringify(summary.report),
      now(),
    );
    return summary;
  } catch (error) {
    throw asStorageError(error, options.database) ?? error;
  } finally {
    progress.stop();
    await crawler?.close();
    await worker.leave().catch(() => undefined);
    await store.close();
  }
}
