/**
 * What a crawl is asked to do: sites, each with start URLs, link patterns and limits, from the
 * command line or a sites file (YAML or JSON; see sites.example.yaml). Settings are layered:
 * built-in defaults < the file's `defaults` < the site's own entry < options given on the command line.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { FetchLimits } from './fetch.js';

export interface CrawlLimits {
  delayMs: number;
  /** URLs one site may queue in one run, start URLs included. */
  maxPages: number;
  fetch: FetchLimits;
}

export interface Site {
  name: string;
  start: string[];
  /** Regular expressions a page URL must match to be followed (default: under a start URL's folder). */
  follow: string[];
  limits: CrawlLimits;
}

export interface CrawlPlan {
  sites: Site[];
}

export const DEFAULT_LIMITS: CrawlLimits = {
  delayMs: 1000,
  maxPages: 1000,
  fetch: {
    connectTimeoutMs: 15_000,
    responseTimeoutMs: 120_000,
    maxBytes: 100 * 1024 * 1024,
    maxRedirects: 5,
    retries: 3,
    retryBaseMs: 2000,
    maxRetryAfterMs: 120_000,
  },
};

/** A mistake in what the user asked for: exit status 2. */
export class CrawlUsageError extends Error {}

const httpUrl = z.string().refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an http:// or https:// URL');
const pattern = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'must be a regular expression');
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
const seconds = z.number().positive();

const SETTINGS = {
  delay: z.number().min(0).optional(),
  max_pages: z.number().int().positive().optional(),
  max_mb: z.number().positive().optional(),
  timeout: seconds.optional(),
  connect_timeout: seconds.optional(),
  retries: z.number().int().min(0).optional(),
  retry_wait: z.number().min(0).optional(),
};

export const SettingsSchema = z.strictObject(SETTINGS);
export type Settings = z.infer<typeof SettingsSchema>;

const SitesFileSchema = z.strictObject({
  defaults: SettingsSchema.optional(),
  sites: z.array(z.strictObject({ name: z.string().min(1).optional(), start: oneOrMany(httpUrl), follow: oneOrMany(pattern).optional(), ...SETTINGS })).min(1),
});

export function applySettings(base: CrawlLimits, s: Settings): CrawlLimits {
  const ms = (v: number | undefined, fallback: number) => (v === undefined ? fallback : Math.round(v * 1000));
  return {
    delayMs: ms(s.delay, base.delayMs),
    maxPages: s.max_pages ?? base.maxPages,
    fetch: {
      ...base.fetch,
      connectTimeoutMs: ms(s.connect_timeout, base.fetch.connectTimeoutMs),
      responseTimeoutMs: ms(s.timeout, base.fetch.responseTimeoutMs),
      maxBytes: s.max_mb === undefined ? base.fetch.maxBytes : Math.round(s.max_mb * 1024 * 1024),
      retries: s.retries ?? base.fetch.retries,
      retryBaseMs: ms(s.retry_wait, base.fetch.retryBaseMs),
    },
  };
}

const hostOf = (url: string) => new URL(url).host;

/** Start URLs from the command line: one site per host. */
export function planFromUrls(urls: string[], follow: string[], overrides: Settings): CrawlPlan {
  const badUrl = urls.find((url) => !httpUrl.safeParse(url).success);
  if (badUrl) throw new CrawlUsageError(`not an http:// or https:// URL: ${badUrl}`);
  const badPattern = follow.find((p) => !pattern.safeParse(p).success);
  if (badPattern) throw new CrawlUsageError(`--follow is not a regular expression: ${badPattern}`);
  const limits = applySettings(DEFAULT_LIMITS, overrides);
  const hosts = [...new Set(urls.map(hostOf))];
  return { sites: hosts.map((host) => ({ name: host, start: urls.filter((u) => hostOf(u) === host), follow, limits })) };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
}

export function planFromSitesText(text: string, file: string, overrides: Settings, follow: string[] = []): CrawlPlan {
  let raw: unknown;
  try {
    raw = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CrawlUsageError(`${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = SitesFileSchema.safeParse(raw);
  if (!parsed.success) throw new CrawlUsageError(`${file}: ${describeIssues(parsed.error)}`);
  const defaults = applySettings(DEFAULT_LIMITS, parsed.data.defaults ?? {});
  const names = new Set<string>();
  const sites = parsed.data.sites.map(({ name, start, follow: patterns, ...settings }) => {
    const site = {
      name: name ?? hostOf(start[0]),
      start,
      follow: [...(patterns ?? []), ...follow],
      limits: applySettings(applySettings(defaults, settings), overrides),
    };
    if (names.has(site.name)) throw new CrawlUsageError(`${file}: two sites are named "${site.name}"`);
    names.add(site.name);
    return site;
  });
  return { sites };
}

export function planFromSitesFile(file: string, overrides: Settings, follow: string[] = []): CrawlPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CrawlUsageError(`${file}: cannot read the sites file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return planFromSitesText(text, file, overrides, follow);
}
