/**
 * Where files are read: a pool of worker threads, for a batch and for `extract` alike, so one file
 * gets the same limits either way. Each reading thread works under a time and a heap limit. Kept
 * light: the command that only starts a pool loads no reader in its own thread.
 */
import { Piscina } from 'piscina';
import { YOUNG_GENERATION_MB } from './heap.js';
import { DEFAULT_FILE_LIMITS, limitReason, timeoutReason, type FileLimits } from './limits.js';
import type { FileResult } from '../store/write.js';
import { unreadTask } from './unread.js';
import type { Task } from './worker.js';
import type { VocabularyAdditions } from '../vocabulary/index.js';

/**
 * How tasks are run: in worker threads for a batch, in this thread for tests. A file that breaks a
 * limit resolves as an unread file with the reason; only an internal error rejects.
 */
export interface Runner {
  run(task: Task): Promise<FileResult>;
  close(): Promise<void>;
}

/** The compiled worker: a pool needs JavaScript, so it runs from dist/ (built by `npm ci`). */
export const WORKER_FILE = new URL('./worker.js', import.meta.url);

/** Tasks that read bytes (a file, or bytes fetched by the crawler) carry the unpack limits. */
export const withLimits = (task: Task, limits: FileLimits): Task =>
  task.kind === 'stored' ? task : { ...task, options: { ...task.options, limits: limits.unpack } };

/** Every task is parsed with the words a vocabulary file adds, when one was given. */
const withVocabulary = (task: Task, vocabulary: VocabularyAdditions | undefined): Task =>
  !vocabulary ? task : task.kind === 'stored' ? { ...task, vocabulary } : { ...task, options: { ...task.options!, vocabulary } };

/** At most `slots` holders at once: a task's clock must start when it starts running, not while it queues. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(slots: number) {
    this.free = slots;
  }
  async take(): Promise<void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

/** How long past its deadline a reading may finish the step under way before its thread is terminated. */
export const TERMINATION_GRACE_SECONDS = 10;

export interface WorkerRunnerOptions {
  limits?: FileLimits;
  workerFile?: URL;
  /** Words a vocabulary file adds (--vocabulary). */
  vocabulary?: VocabularyAdditions;
}

/**
 * A pool of `jobs` reading threads, each under the time and heap limits: a thread past either is
 * ended and replaced (piscina keeps `jobs` alive), and the file comes back as unread with the reason.
 */
export function workerRunner(jobs: number, { limits = DEFAULT_FILE_LIMITS, workerFile = WORKER_FILE, vocabulary }: WorkerRunnerOptions = {}): Runner {
  const pool = new Piscina({
    filename: workerFile.href,
    minThreads: jobs,
    maxThreads: jobs,
    idleTimeout: 1000,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: limits.heapMb },
  });
  const slots = new Slots(jobs);
  const run = async (task: Task): Promise<FileResult> => {
    await slots.take();
    try {
      // The reading ends itself at its deadline (src/extract/deadline.ts); the thread is terminated
      // only when it runs on past it without looking, after a grace for the step under way.
      const deadline = { at: Date.now() + limits.timeoutSeconds * 1000, reason: timeoutReason(limits) };
      const timed = task.kind === 'stored' ? task : { ...task, deadline };
      return await pool.run(withVocabulary(withLimits(timed, limits), vocabulary), {
        signal: AbortSignal.timeout((limits.timeoutSeconds + TERMINATION_GRACE_SECONDS) * 1000),
      });
    } catch (error) {
      const reason = limitReason(error, limits);
      if (reason === null) throw error;
      return unreadTask(task, reason);
    } finally {
      slots.give();
    }
  };
  return { run, close: () => pool.destroy() };
}
