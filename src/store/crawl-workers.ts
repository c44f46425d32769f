/**
 * The crawlers of a run and the hosts they share. A worker is one `jixiao crawl` process: it joins a
 * run, keeps itself and its claims alive every few seconds, and leaves when done. A worker that
 * stops giving signs of life (a crash, a kill -9, a machine gone) loses its claims when they run out,
 * and others take its URLs over; on the same machine a dead process is recognised at once by its pid.
 *
 * A host is requested by one worker at a time, through a lease in the database (crawl_hosts), renewed
 * while the request lasts: the next request waits for the pause after the last one, whichever worker
 * made it. All times are read from the database's clock (jixiao_now_ms), so crawlers on machines whose
 * clocks differ still agree.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import { all, get, run, type Write } from './steps.js';
import type { DocumentStore } from './store.js';

/** How long a claim, a sign of life or a host's lease holds unless renewed: renewed every third of it. */
export const CLAIM_MS = 60_000;

/**
 * This machine as a worker's name gives it: the host name, and (on Linux) what tells apart two
 * containers or cloned machines that share a host name: the boot and the process-id namespace.
 * Two processes on one machine compare each other's pids only when both agree.
 */
function thisMachine(): string {
  let key = 'any';
  try {
    key = createHash('sha256')
      .update(`${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()} ${readlinkSync('/proc/self/ns/pid')}`)
      .digest('hex')
      .slice(0, 8);
  } catch {
    // No /proc (macOS, Windows): the host name alone.
  }
  return `${os.hostname()}/${key}`;
}

const MACHINE = thisMachine();

/** The workers of this process that are working now: another one of this pid (a process restarted in a container) is dead. */
const livingHere = new Set<string>();

/** A worker's name says where it runs: `host name/machine/pid/random`, so a dead process on this machine is known as dead. */
export function newWorkerName(): string {
  return `${MACHINE}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

/** The name of a worker of this machine with another pid (for tests of crashed workers). */
export const workerNameHere = (pid: number, random: string) => `${MACHINE}/${pid}/${random}`;

const partsOf = (worker: string) => {
  const parts = worker.split('/');
  return { machine: parts.slice(0, -2).join('/'), pid: Number(parts.at(-2)) };
};

/** Whether a worker is a process of this machine that no longer runs. */
export function isDeadHere(worker: string): boolean {
  const { machine, pid } = partsOf(worker);
  if (machine !== MACHINE || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return !livingHere.has(worker);
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
  private renewing: Promise<void> = Promise.resolve();

  constructor(
    readonly store: DocumentStore,
    readonly name: string = newWorkerName(),
    readonly claimMs: number = CLAIM_MS,
  ) {}

  /** This worker's row in a run, written in the transaction that starts or joins the run (crawl-queue.ts). */
  *joinWrite(runId: number, now: Date): Write<void> {
    livingHere.add(this.name);
    const { machine, pid } = partsOf(this.name);
    yield* run('joinRun', {
      worker: this.name,
      run_id: runId,
      host_name: machine.split('/').slice(0, -1).join('/') || machine,
      pid: pid || 0,
      started_at: now.toISOString(),
      claim_ms: this.claimMs,
    });
  }

  /** Keep this worker and its claims alive until it leaves; `failed` hears of any error doing so (its claims would run out). */
  keepAlive(failed: (error: unknown) => void): void {
    this.timer = setInterval(
      () => {
        this.renewing = this.renew().catch(failed);
      },
      Math.max(10, this.claimMs / 3),
    );
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
    const workers = await this.store.read(() => all<{ worker: string }>('workersAlive', runId));
    for (const { worker } of workers) if (worker !== this.name && isDeadHere(worker)) await this.free(worker);
  }

  /** A holder of a host that died on this machine: its lease freed at once. */
  async freeIfDead(holder: string): Promise<void> {
    if (holder !== this.name && isDeadHere(holder)) await this.free(holder);
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
    // A renewal under way would otherwise make the worker look alive again after it left.
    await this.renewing;
    await this.free(this.name);
    livingHere.delete(this.name);
  }
}

/** The lease of crawl_hosts as the pacer uses it (pacer.ts): taken for a request, renewed while it lasts, given back with the pause to keep. */
export class HostLeases {
  private readonly renewals = new Map<string, NodeJS.Timeout>();
  /** Hosts whose row is known to exist: added once per crawler, not before every request. */
  private readonly known = new Set<string>();

  constructor(private readonly worker: CrawlWorker) {}

  private get store(): DocumentStore {
    return this.worker.store;
  }

  /** Wait until the host is this worker's: nobody else holds it and its pause is over. */
  async acquire(host: string): Promise<void> {
    const worker = this.worker.name;
    const leaseMs = this.worker.claimMs;
    const add = !this.known.has(host);
    for (;;) {
      const taken = await this.store.transact(function* () {
        if (add) yield* run('addHost', host);
        return yield* get('takeHost', { worker, lease_ms: leaseMs, host });
      });
      this.known.add(host);
      if (taken) break;
      const state = await this.store.read(() => get<{ wait_ms: number; holder: string | null }>('hostWait', host));
      if (state?.holder) await this.worker.freeIfDead(state.holder);
      await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(Number(state?.wait_ms ?? 0), 1), 250)));
    }
    // Renewed while held: a slow answer (retries, a long download) keeps the host, a dead holder loses it.
    const renewal = setInterval(
      () => {
        void this.store.transact(() => run('keepHost', { host, worker, lease_ms: leaseMs })).catch(() => undefined);
      },
      Math.max(10, leaseMs / 3),
    );
    renewal.unref();
    this.renewals.set(host, renewal);
  }

  /** The request is over: the host is free again once `delayMs` has passed. */
  async release(host: string, delayMs: number): Promise<void> {
    clearInterval(this.renewals.get(host));
    this.renewals.delete(host);
    await this.store.transact(() => run('freeHost', { host, worker: this.worker.name, delay_ms: Math.round(delayMs) }));
  }
}
