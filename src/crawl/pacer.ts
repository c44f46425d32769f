/**
 * Politeness: requests to one host go one at a time, with a pause between the end of one and the
 * start of the next (the site's delay, or robots.txt's Crawl-delay when that is longer). Within a
 * process by a chain of promises; across the crawlers sharing a database by the host's lease there
 * (src/store/crawl-workers.ts), taken for each request and given back with the pause to keep.
 */

/** A Crawl-delay longer than this is read as this: one site must not hold a nightly run for hours. */
export const MAX_CRAWL_DELAY_SECONDS = 60;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A host's lease shared with other crawlers: one request at a time, and none before the pause after the last is over. */
export interface SharedLease {
  acquire(host: string, leaseMs: number): Promise<void>;
  release(host: string, delayMs: number): Promise<void>;
}

export class HostPacer {
  private chain: Promise<unknown> = Promise.resolve();
  private lastFinished = 0;

  constructor(
    private delayMs: number,
    private readonly shared?: { lease: SharedLease; host: string; leaseMs: number },
  ) {}

  /** Robots.txt may ask for a longer delay than configured; never a shorter one. */
  atLeast(seconds: number | undefined): void {
    if (seconds !== undefined && Number.isFinite(seconds) && seconds > 0) {
      this.delayMs = Math.max(this.delayMs, Math.min(seconds, MAX_CRAWL_DELAY_SECONDS) * 1000);
    }
  }

  /** Run one request after the previous one to this host has finished and the delay has passed. */
  run<T>(request: () => Promise<T>): Promise<T> {
    const turn = this.chain.then(async () => {
      const wait = this.lastFinished + this.delayMs - Date.now();
      if (this.lastFinished && wait > 0) await sleep(wait);
      const shared = this.shared;
      if (shared) await shared.lease.acquire(shared.host, shared.leaseMs);
      try {
        return await request();
      } finally {
        this.lastFinished = Date.now();
        if (shared) await shared.lease.release(shared.host, this.delayMs);
      }
    });
    this.chain = turn.catch(() => undefined);
    return turn;
  }
}

/** One pacer per host, created with the delay of the site that first asks for it; sharing the hosts' leases when given. */
export class Politeness {
  private readonly pacers = new Map<string, HostPacer>();

  constructor(private readonly lease?: SharedLease) {}

  /** `leaseMs` bounds one request (its time limit and a margin): a crawler that dies holding the host loses it then. */
  forHost(host: string, delayMs: number, leaseMs = 0): HostPacer {
    let pacer = this.pacers.get(host);
    if (!pacer) this.pacers.set(host, (pacer = new HostPacer(delayMs, this.lease && { lease: this.lease, host, leaseMs })));
    return pacer;
  }
}
