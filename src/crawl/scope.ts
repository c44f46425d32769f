/**
 * Which links a crawl follows. Attachments (the report formats) anywhere on a site's hosts; pages
 * only inside the section being crawled: under a start URL's folder (which takes in pagination such
 * as index_1.html and the section's articles), or matching one of the site's `follow` patterns.
 */
import type { Format } from '../extract/model.js';

export type LinkKind = 'page' | 'file';

const FILE_EXTENSIONS = new Set(['pdf', 'doc', 'docx', 'wps', 'xls', 'xlsx']);
const PAGE_EXTENSIONS = new Set(['htm', 'html', 'shtml', 'xhtml', 'jhtml', 'jsp', 'php', 'asp', 'aspx']);

export function extensionOf(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  const dot = last.lastIndexOf('.');
  return dot < 0 ? '' : last.slice(dot + 1).toLowerCase();
}

/** A report attachment, a page to read, or neither (images, archives, style sheets …). */
export function linkKind(url: URL): LinkKind | null {
  const extension = extensionOf(url);
  if (FILE_EXTENSIONS.has(extension)) return 'file';
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

export function follows(scope: Scope, url: string): LinkKind | null {
  const parsed = new URL(url);
  if (!scope.hosts.has(parsed.host)) return null;
  const kind = linkKind(parsed);
  if (kind !== 'page') return kind;
  const inside = scope.patterns.length ? scope.patterns.some((p) => p.test(url)) : scope.folders.some((f) => url.startsWith(f));
  return inside ? 'page' : null;
}

const CONTENT_TYPES: [RegExp, Format][] = [
  [/^text\/html|^application\/xhtml/, 'html'],
  [/^application\/pdf/, 'pdf'],
  [/wordprocessingml/, 'docx'],
  [/spreadsheetml/, 'xlsx'],
  [/^application\/(msword|vnd\.ms-word|kswps|wps)/, 'doc'],
  [/^application\/vnd\.ms-excel/, 'xls'],
  [/^text\/plain/, 'txt'],
];

export function formatOfContentType(contentType: string | null): Format | null {
  const type = (contentType ?? '').toLowerCase().trim();
  return CONTENT_TYPES.find(([pattern]) => pattern.test(type))?.[1] ?? null;
}

/** The file name a Content-Disposition header gives (filename*=UTF-8''… or filename="…"). */
export function dispositionFileName(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*[\w-]*''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      return extended[1].trim();
    }
  }
  return /filename\s*=\s*"?([^";]+)"?/i.exec(header)?.[1].trim() ?? null;
}
