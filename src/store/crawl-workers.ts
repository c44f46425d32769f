/**
 * The crawlers of a run and the hosts they share. A worker is one `jixiao crawl` process: it joins a
 * run, keeps itself and its claims alive every few seconds, and leaves when done. A worker that
 * stops giving signs of life (a crash, a kill -9, a machine gone) loses its claims when they run out,
 * and others take its URLs over; on the same machine a dead process is recognised at once by its pid.
 *
 * A host is requested by one worker at a time, through a lease in the database (crawl_hosts): the
 * next request waits for the pause after the last one, whichever worker made it. All times are read
 * from the database's clock (jixiao_now_ms), so crawlers on machines whose clocks differ still agree.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { all, get, run, type Write } from './steps.js';
import type { DocumentStore } from './store.js';

/** How long a claim or a sign of life holds unless renewed: renewed every third of it. */
export const CLAIM_MS = 60_000;

/** A worker's name says where it runs: `host name/pid/random`, so a dead process on this machine is known as dead. */
export function newWorkerName(): string {
  return `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

/** Whether a worker is a process of this machine that no longer runs. */
export function isDeadHere(worker: string): boolean {
  const parts = worker.split('/');
  const pid = Number(parts.at(-2));
  if (parts.slice(0, -2).join('/') !== os.hostname() || !Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class CrawlWorker {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly store: DocumentStore,
    readonly name: string = newWorkerName(),
    readonly claimMs: number = CLAIM_MS,
  ) {}

  /** This worker's row in a run, written in the transaction that starts or joins the run (crawl-queue.ts). */
  *joinWrite(runId: number, now: Date): Write<void> {
    const parts = this.name.split('/');
    yield* run('joinRun', {
      worker: this.name,
      run_id: runId,
      host_name: parts.slice(0, -2).join('/'),
      pid: Number(parts.at(-2)) || 0,
      started_at: now.toISOString(),
      claim_ms: this.claimMs,
    });
  }

  /** Keep this worker and its claims alive until it leaves; `failed` hears of an error of the store. */
  keepAlive(failed: (error: unknown) => void): void {
    this.timer = setInterval(() => void this.renew().catch(failed), Math.max(10, this.claimMs / 3));
    this.timer.unref();
  }

  private renew(): Promise<void> {
    const alive = { worker: this.name, claim_ms: this.claimMs };
    return this.store.transact(function* () {
      yield* run('keepAlive', alive);
      yield* run('renewClaims', alive);
    });
  }

  /** Free the claims and hosts of this run's workers that died on this machine, now rather than when their claims run out. */
  async freeTheDead(runId: number): Promise<void> {
    const workers = await this.store.read(() => all<{ worker: string }>('workersOfRun', runId));
    for (const { worker } of workers) if (isDeadHere(worker)) await this.free(worker);
  }

  /** A holder of a host that died on this machine: its lease freed at once. */
  async freeIfDead(holder: string): Promise<void> {
    if (isDeadHere(holder)) await this.free(holder);
  }

  /** Let go of what this worker holds (it goes on working). */
  release(): Promise<void> {
    return this.store.transact(() => run('releaseClaims', this.name));
  }

  private free(worker: string): Promise<void> {
    return this.store.transact(function* () {
      yield* run('releaseClaims', worker);
      yield* run('releaseHosts', worker);
      yield* run('leaveRun', worker);
    });
  }

  /** Stop: what this worker still holds (a run stopped by an error) is free for others at once; its row says when it left. */
  async leave(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.free(this.name);
  }
}

/** The lease of crawl_hosts as the pacer uses it (pacer.ts). */
export class HostLeases {
  constructor(private readonly worker: CrawlWorker) {}

  private get store(): DocumentStore {
    return this.worker.store;
  }

  /** Wait until the host is this worker's: nobody else holds it and its pause is over. `leaseMs` bounds one request. */
  async acquire(host: string, leaseMs: number): Promise<void> {
    const worker = this.worker.name;
    for (;;) {
      const taken = await this.store.transact(function* () {
        yield* run('addHost', host);
        return yield* get('takeHost', { worker, lease_ms: leaseMs, host });
      });
      if (taken) return;
      const state = await this.store.read(() => get<{ wait_ms: number; holder: string | null }>('hostWait', host));
      if (state?.holder) await this.worker.freeIfDead(state.holder);
      await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(Number(state?.wait_ms ?? 0), 1), 250)));
    }
  }

  /** The request is over: the host is free again once `delayMs` has passed. */
  async release(host: string, delayMs: number): Promise<void> {
    await this.store.transact(() => run('freeHost', { host, worker: this.worker.name, delay_ms: Math.round(delayMs) }));
  }
}
