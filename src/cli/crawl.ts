/** `jixiao crawl URL… | --sites FILE`: fetch new and changed reports from government sites into the database. */
import { CrawlUsageError, planFromSitesFile, planFromUrls, type CrawlPlan, type Settings } from '../crawl/plan.js';
import { crawl } from '../crawl/run.js';
import { summaryText } from '../crawl/summary.js';
import { silentProgress, terminalProgress } from '../ingest/progress.js';
import { defaultJobs, workerRunner } from '../ingest/run.js';
import { fileLimits, type LimitOptions } from './limits.js';
import { vocabularyAdditions, type VocabularyOption } from './vocabulary.js';

export interface CrawlCommandOptions extends LimitOptions, VocabularyOption {
  db: string;
  sites?: string;
  follow?: string[];
  delay?: number;
  maxPages?: number;
  maxMb?: number;
  timeout?: number;
  connectTimeout?: number;
  retries?: number;
  retryWait?: number;
  jobs?: number;
  json?: boolean;
  progress?: boolean;
}

const USAGE_ERROR = 2;

function planOf(urls: string[], options: CrawlCommandOptions): CrawlPlan {
  const overrides: Settings = {
    delay: options.delay,
    max_pages: options.maxPages,
    max_mb: options.maxMb,
    timeout: options.timeout,
    connect_timeout: options.connectTimeout,
    retries: options.retries,
    retry_wait: options.retryWait,
  };
  const follow = options.follow ?? [];
  if (options.sites && urls.length) throw new CrawlUsageError('give start URLs or --sites FILE, not both');
  if (options.sites) return planFromSitesFile(options.sites, overrides, follow);
  if (!urls.length) throw new CrawlUsageError('give at least one start URL, or --sites FILE');
  return planFromUrls(urls, follow, overrides);
}

/** Returns the exit status: 0 when nothing failed, 1 when a URL failed, 2 for a usage error. */
export async function runCrawl(urls: string[], options: CrawlCommandOptions): Promise<number> {
  let plan: CrawlPlan;
  try {
    plan = planOf(urls, options);
  } catch (error) {
    if (!(error instanceof CrawlUsageError)) throw error;
    process.stderr.write(`jixiao crawl: ${error.message}\n`);
    return USAGE_ERROR;
  }
  // Always worker threads, even one: reading a large PDF in this thread would stall the fetches'
  // timers and the other hosts' requests. Each fetched file is read under ingest's per-file limits.
  const jobs = options.jobs ?? defaultJobs();
  const runner = workerRunner(jobs, { limits: fileLimits(options), vocabulary: vocabularyAdditions(options) });
  try {
    const summary = await crawl(plan, {
      database: options.db,
      runner,
      maxInFlight: 2 * jobs,
      progress: options.progress === false ? silentProgress : terminalProgress(process.stderr, { task: 'crawl', unit: 'URLs' }),
    });
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 1)}\n` : summaryText(summary));
    return summary.failed.length ? 1 : 0;
  } finally {
    await runner.close();
  }
}
