/**
 * Politeness: requests to one host go one at a time, with a pause between the end of one and the
 * start of the next (the site's delay, or robots.txt's Crawl-delay when that is longer).
 */

/** A Crawl-delay longer than this is read as this: one site must not hold a nightly run for hours. */
export const MAX_CRAWL_DELAY_SECONDS = 60;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class HostPacer {
  private chain: Promise<unknown> = Promise.resolve();
  private lastFinished = 0;

  constructor(private delayMs: number) {}

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
      try {
        return await request();
      } finally {
        this.lastFinished = Date.now();
      }
    });
    this.chain = turn.catch(() => undefined);
    return turn;
  }
}

/** One pacer per host, created with the delay of the site that first asks for it. */
export class Politeness {
  private readonly pacers = new Map<string, HostPacer>();

  forHost(host: string, delayMs: number): HostPacer {
    let pacer = this.pacers.get(host);
    if (!pacer) this.pacers.set(host, (pacer = new HostPacer(delayMs)));
    return pacer;
  }
}
