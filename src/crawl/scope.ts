/**
 * Which links a crawl follows. Attachments anywhere on a site's hosts; pages only inside the section
 * being crawled: under a start URL's folder (which takes in pagination such as index_1.html and the
 * section's articles), matching one of the site's `follow` patterns, or offered by the listing itself
 * (its other pages, its record list: see recognisers.ts). A site's hosts are host *and* port: nothing
 * else is ever requested, not even a redirect's target.
 *
 * A link is a candidate attachment by what it says it is, not only by its URL's extension: its link
 * text may name the format (附件：自评报告.xlsx → downfile.jsp?id=3), or its path may be a download
 * endpoint with no extension at all. The response then decides what arrived (response.ts).
 */
import type { Format } from '../extract/model.js';
import { REPORT_FILE_EXTENSIONS } from '../extract/formats.js';
import type { Link } from './links.js';

export type LinkKind = 'page' | 'file';

const FILE_EXTENSIONS = new Set(REPORT_FILE_EXTENSIONS);
const PAGE_EXTENSIONS = new Set(['htm', 'html', 'shtml', 'xhtml', 'jhtml', 'jsp', 'php', 'asp', 'aspx', 'do', 'action', 'xml']);
const FILE_NAME_IN_TEXT = new RegExp(`([^\\s:：/\\\\]+\\.(?:${REPORT_FILE_EXTENSIONS.join('|')}))(?![a-z])`, 'i');
/**
 * The last path segment of a download endpoint: downfile.jsp, DownFile.aspx, download, getFile.do,
 * attachment … The word opens the segment (a /dropdown page or a /fujian province folder is no endpoint).
 */
const DOWNLOAD_ENDPOINT =
  /^(?:down(?:load)?(?:file)?|getfile|get_file|attach(?:ment)?|fujian|readfile|openfile|fileview)[\w-]*(?:\.(?:jsp|aspx?|php|do|action|ashx|cgi))?$/i;

/** The file a link's text names (附件：自评报告.xlsx, 自评报告.pdf（下载）), or null: the one rule for both choosing and naming. */
export function fileNameInText(text: string): string | null {
  return FILE_NAME_IN_TEXT.exec(text)?.[1] ?? null;
}

export function extensionOf(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  const dot = last.lastIndexOf('.');
  return dot < 0 ? '' : last.slice(dot + 1).toLowerCase();
}

/**
 * Whether a URL is a download endpoint (its type and name come only with the response): such a script
 * is always told which file by its query (downfile.jsp?id=3), which a page or folder of that name lacks.
 */
export function isDownloadEndpoint(url: URL): boolean {
  return url.search.length > 1 && DOWNLOAD_ENDPOINT.test(url.pathname.split('/').pop() ?? '');
}

/** A candidate attachment, a page to read, or neither (images, style sheets …). */
export function linkKind(url: URL, text = ''): LinkKind | null {
  const extension = extensionOf(url);
  if (FILE_EXTENSIONS.has(extension)) return 'file';
  if (fileNameInText(text) || isDownloadEndpoint(url)) return 'file';
  if (extension === '' || PAGE_EXTENSIONS.has(extension)) return 'page';
  return null;
}

export interface Scope {
  hosts: Set<string>;
  folders: string[];
  patterns: RegExp[];
}

export function scopeOf(start: string[], follow: string[]): Scope {
  const urls = start.map((s) => new URL(s));
  return {
    hosts: new Set(urls.map((u) => u.host)),
    folders: urls.map((u) => `${u.origin}${u.pathname.slice(0, u.pathname.lastIndexOf('/') + 1)}`),
    patterns: follow.map((p) => new RegExp(p)),
  };
}

/** Why a URL is outside a site (another scheme, host, or port of the same host), or null. */
export function outsideScope(scope: Scope, url: URL): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `a ${url.protocol} address is outside the site`;
  if (scope.hosts.has(url.host)) return null;
  const sameName = [...scope.hosts].some((host) => new URL(`http://${host}`).hostname === url.hostname);
  return sameName ? `another port (${url.host}) is outside the site` : `another host (${url.host}) is outside the site`;
}

export function follows(scope: Scope, link: string | Pick<Link, 'url' | 'text' | 'role'>): LinkKind | null {
  const { url, text = '', role = 'link' } = typeof link === 'string' ? { url: link } : link;
  const parsed = new URL(url);
  if (!scope.hosts.has(parsed.host)) return null;
  const kind = linkKind(parsed, text);
  if (kind !== 'page') return kind;
  if (role !== 'link') return 'page';
  const inside = scope.patterns.length ? scope.patterns.some((p) => p.test(url)) : scope.folders.some((f) => url.startsWith(f));
  return inside ? 'page' : null;
}

const CONTENT_TYPES: [RegExp, Format][] = [
  [/^text\/html|^application\/xhtml/, 'html'],
  [/^(text|application)\/xml/, 'html'],
  [/^application\/pdf/, 'pdf'],
  [/wordprocessingml/, 'docx'],
  [/spreadsheetml/, 'xlsx'],
  [/^application\/(msword|vnd\.ms-word|kswps|wps|vnd\.ms-works)/, 'doc'],
  [/^application\/(kset|et|vnd\.ms-et)/, 'xls'],
  [/^application\/vnd\.ms-excel/, 'xls'],
  [/^text\/plain/, 'txt'],
];

export function formatOfContentType(contentType: string | null): Format | null {
  const type = (contentType ?? '').toLowerCase().trim();
  return CONTENT_TYPES.find(([pattern]) => pattern.test(type))?.[1] ?? null;
}
