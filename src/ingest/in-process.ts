/** Reading in this thread, for tests and library callers: unpack limits hold; time and memory limits need a thread to stop (pool.ts). */
import { DEFAULT_FILE_LIMITS, type FileLimits } from './limits.js';
import { withLimits, type Runner } from './pool.js';
import runTask from './worker.js';

export function inProcessRunner(limits: FileLimits = DEFAULT_FILE_LIMITS): Runner {
  return { run: (task) => runTask(withLimits(task, limits)), close: async () => undefined };
}
