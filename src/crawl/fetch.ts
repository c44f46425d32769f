/**
 * One URL → its bytes, "not modified", or a failure with its reason. Built on undici 7 (Node 20's
 * pinned line): a connect timeout on the agent, a deadline for the whole response, redirects followed
 * by hand (at most five, loops named, each target checked against the site's scope and robots.txt
 * *before* it is requested), a size cap enforced while reading, retries with backoff on 429, 5xx and
 * timeouts that honour Retry-After, and the run's cookie jar (a cookie gate is passed once).
 */
import { Agent, request } from 'undici';
import { errorReason } from '../extract/errors.js';
import type { CookieJar } from './cookies.js';
import { sleep } from './pacer.js';

export interface FetchLimits {
  connectTimeoutMs: number;
  /** For the whole response: headers and every byte of the body. */
  responseTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Further attempts after the first, on 429, 5xx and timeouts. */
  retries: number;
  /** The first backoff; each further one doubles. */
  retryBaseMs: number;
  /** A Retry-After longer than this is a failure, not a wait. */
  maxRetryAfterMs: number;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export interface ResponseHeaders {
  contentType: string | null;
  contentDisposition: string | null;
  etag: string | null;
  lastModified: string | null;
}

export type Fetched =
  | { kind: 'ok'; finalUrl: string; status: number; headers: ResponseHeaders; bytes: Uint8Array }
  | { kind: 'not-modified'; finalUrl: string; status: 304 }
  /** `body`: what a 404 or 410 answered, so the site's own error page can be recognised when it answers 200. */
  | { kind: 'failed'; finalUrl: string; status: number | null; reason: string; body?: Uint8Array };

export interface FetchContext {
  userAgent: string;
  limits: FetchLimits;
  agent: Agent;
  /** Runs one request in its host's turn (see pacer.ts). */
  pace<T>(url: URL, send: () => Promise<T>): Promise<T>;
  /** Why a URL may not be requested (another host or port, robots.txt), or null. Asked for every redirect target. */
  refuse(url: URL): Promise<string | null>;
  /** The run's cookies, sent with every request and kept from every answer. */
  cookies?: CookieJar;
  /** Counts requests actually sent. */
  sent?(url: URL): void;
}

export function crawlAgent(limits: Pick<FetchLimits, 'connectTimeoutMs' | 'responseTimeoutMs'>): Agent {
  return new Agent({
    connect: { timeout: limits.connectTimeoutMs },
    headersTimeout: limits.responseTimeoutMs,
    bodyTimeout: limits.responseTimeoutMs,
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const httpReason = (status: number) => `HTTP ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

/** One answer, body read in full, or why there is none. `retryable` says whether trying again may help. */
type Answer = { status: number; headers: Record<string, string | string[] | undefined>; bytes: Uint8Array } | { failure: string; retryable: boolean };

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function allHeaders(headers: Record<string, string | string[] | undefined>, name: string): string[] {
  const value = headers[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

async function sendOnce(url: URL, extra: Record<string, string>, ctx: FetchContext): Promise<Answer> {
  const { limits } = ctx;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.responseTimeoutMs);
  try {
    ctx.sent?.(url);
    const cookie = ctx.cookies?.header(url);
    if (cookie) extra = { ...extra, cookie };
    const response = await request(url, {
      method: 'GET',
      dispatcher: ctx.agent,
      signal: deadline.signal,
      headers: { 'user-agent': ctx.userAgent, accept: '*/*', 'accept-encoding': 'identity', ...extra },
    });
    const length = Number(header(response.headers, 'content-length') ?? NaN);
    if (length > limits.maxBytes) {
      response.body.destroy();
      return { failure: `response of ${length} bytes is over the ${limits.maxBytes}-byte cap`, retryable: false };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > limits.maxBytes) {
        response.body.destroy();
        return { failure: `response is over the ${limits.maxBytes}-byte cap`, retryable: false };
      }
      chunks.push(chunk as Buffer);
    }
    return { status: response.statusCode, headers: response.headers, bytes: new Uint8Array(Buffer.concat(chunks)) };
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (deadline.signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return { failure: `timed out: no complete response within ${seconds(limits.responseTimeoutMs)}`, retryable: true };
    }
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return { failure: `could not connect within ${seconds(limits.connectTimeoutMs)}`, retryable: true };
    if (code === 'ENOTFOUND') return { failure: `no such host: ${url.hostname}`, retryable: false };
    return { failure: `connection failed: ${code || errorReason(error)}`, retryable: ['ECONNRESET', 'ECONNREFUSED', 'UND_ERR_SOCKET', 'EPIPE'].includes(code) };
  } finally {
    clearTimeout(timer);
  }
}

/** Retry-After in milliseconds: seconds, or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const retryableStatus = (status: number) => status === 429 || (status >= 500 && status !== 501 && status !== 505);

/** One hop with its retries, each in the host's turn. */
async function sendWithRetries(url: URL, extra: Record<string, string>, ctx: FetchContext): Promise<Answer> {
  const { limits } = ctx;
  for (let attempt = 0; ; attempt++) {
    const answer = await ctx.pace(url, () => sendOnce(url, extra, ctx));
    const left = attempt < limits.retries;
    if ('failure' in answer) {
      if (!answer.retryable || !left) return attempt ? { ...answer, failure: `${answer.failure} (${attempt + 1} attempts)` } : answer;
      await sleep(limits.retryBaseMs * 2 ** attempt);
      continue;
    }
    if (!retryableStatus(answer.status)) return answer;
    const asked = retryAfterMs(header(answer.headers, 'retry-after'));
    if (asked !== null && asked > limits.maxRetryAfterMs) {
      return { failure: `${httpReason(answer.status)}, asked to retry after ${seconds(asked)}`, retryable: false };
    }
    if (!left) return { failure: `${httpReason(answer.status)}${attempt ? ` (${attempt + 1} attempts)` : ''}`, retryable: false };
    await sleep(asked ?? limits.retryBaseMs * 2 ** attempt);
  }
}

function conditionalHeaders(validators: Validators | null): Record<string, string> {
  const headers: Record<string, string> = {};
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  return headers;
}

/** GET a URL, conditionally when validators from the last fetch are given, following redirects by hand. */
export async function fetchUrl(start: string, validators: Validators | null, ctx: FetchContext): Promise<Fetched> {
  let url = new URL(start);
  const visited = [url.href];
  let gatePassed = false;
  for (;;) {
    const answer = await sendWithRetries(url, conditionalHeaders(validators), ctx);
    if ('failure' in answer) return { kind: 'failed', finalUrl: url.href, status: null, reason: answer.failure };
    const { status, headers } = answer;
    const cookiesChanged = ctx.cookies?.store(url, allHeaders(headers, 'set-cookie')) ?? false;
    if (REDIRECTS.has(status)) {
      const location = header(headers, 'location');
      if (!location) return { kind: 'failed', finalUrl: url.href, status, reason: `${httpReason(status)} without a Location` };
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return { kind: 'failed', finalUrl: url.href, status, reason: `${httpReason(status)} to an address that is no URL: ${location}` };
      }
      next.hash = '';
      // A cookie gate: the answer sets a cookie and sends us back to the same URL. Followed once, with the cookie.
      const gate = cookiesChanged && next.href === url.href && !gatePassed;
      if (gate) gatePassed = true;
      else if (visited.includes(next.href)) {
        return { kind: 'failed', finalUrl: url.href, status, reason: `redirect loop: ${[...visited, next.href].join(' → ')}` };
      }
      if (visited.length > ctx.limits.maxRedirects) {
        return { kind: 'failed', finalUrl: url.href, status, reason: `more than ${ctx.limits.maxRedirects} redirects` };
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        return { kind: 'failed', finalUrl: url.href, status, reason: `redirected to a ${next.protocol} address` };
      }
      const refused = await ctx.refuse(next);
      if (refused) return { kind: 'failed', finalUrl: next.href, status, reason: `redirected to ${next.href}: ${refused}` };
      visited.push(next.href);
      url = next;
      continue;
    }
    if (status === 304) return { kind: 'not-modified', finalUrl: url.href, status };
    if (status === 404 || status === 410) return { kind: 'failed', finalUrl: url.href, status, reason: httpReason(status), body: answer.bytes };
    if (status < 200 || status >= 300) return { kind: 'failed', finalUrl: url.href, status, reason: httpReason(status) };
    return {
      kind: 'ok',
      finalUrl: url.href,
      status,
      bytes: answer.bytes,
      headers: {
        contentType: header(headers, 'content-type'),
        contentDisposition: header(headers, 'content-disposition'),
        etag: header(headers, 'etag'),
        lastModified: header(headers, 'last-modified'),
      },
    };
  }
}
