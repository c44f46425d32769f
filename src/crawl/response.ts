/**
 * What a fetched response is. For an attachment the answer decides, not the URL: the
 * Content-Disposition name first, then the bytes (magic numbers: PDF, the OOXML part names inside a
 * ZIP, the OLE stream names), then Content-Type. Sites answer a missing or withdrawn attachment with
 * an HTML error page and status 200: that is a failure with the page's own words, not a report.
 */
import * as cheerio from 'cheerio';
import { decodeText } from '../extract/decode.js';
import { contentOfBytes, formatOfPath, isKnownFileName, notReadReason } from '../extract/formats.js';
import type { Format } from '../extract/model.js';
import { sniffContainer } from '../extract/sniff.js';
import { dispositionFileName } from './disposition.js';
import type { ResponseHeaders } from './fetch.js';
import { squeeze } from './recognisers.js';
import { fileNameInText, formatOfContentType, type LinkKind } from './scope.js';

export type Classified =
  /** `fileName`: the file's real name (Content-Disposition, the URL, or a link text naming a file), when known. */
  { format: Format; fileName: string | null } | { archive: true; fileName: string | null } | { skipped: string } | { failure: string };

const PAGE_FORMATS = new Set<Format>(['html', 'txt']);

/** A few words saying what an HTML page is (its heading or title): for failure reasons. */
export function pageGist(bytes: Uint8Array): string {
  const $ = cheerio.load(decodeText(bytes, { html: true }));
  $('script, style').remove();
  const gist = squeeze($('h1, h2, h3').first().text()) || squeeze($('title').text()) || squeeze($('body').text());
  return gist.length > 40 ? `${gist.slice(0, 40)}…` : gist;
}

function lastSegment(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export interface Requested {
  url: string;
  /** The link's text, when the URL was found on a page. */
  text?: string | null;
  /** What the link was taken for (scope.ts): an attachment or a page. */
  kind: LinkKind;
}

export function classifyResponse(requested: Requested, headers: ResponseHeaders, bytes: Uint8Array): Classified {
  const url = new URL(requested.url);
  const disposed = dispositionFileName(headers.contentDisposition);
  const urlName = isKnownFileName(url.pathname) ? lastSegment(url) : null;
  const fileName = disposed ?? urlName ?? fileNameInText(requested.text ?? '');
  const named = fileName ? formatOfPath(fileName) : null;
  const typed = formatOfContentType(headers.contentType);
  const container = sniffContainer(bytes);
  const sniffed = contentOfBytes(bytes);
  const claimed = headers.contentType ? ` (Content-Type ${headers.contentType})` : '';
  if (container === 'empty') return { failure: 'empty response' };

  const expectsFile = requested.kind === 'file' || (named !== null && !PAGE_FORMATS.has(named));
  // Sniffing misses pages that open with a BOM or a comment; a server saying text/html about bytes that are
  // no office container or PDF is believed.
  const looksLikePage = container === 'html' || (typed === 'html' && (container === 'text' || container === 'binary'));
  if (expectsFile && looksLikePage && !(named && PAGE_FORMATS.has(named))) {
    const what = named ? `a ${named.toUpperCase()} file` : 'a file';
    const gist = pageGist(bytes);
    return { failure: `an HTML page came back where ${what} was linked${claimed}${gist ? `: ${gist}` : ''}` };
  }
  if (sniffed && sniffed !== 'html' && sniffed !== 'zip') return { format: sniffed, fileName };
  if (sniffed === 'zip') return { archive: true, fileName };
  const notRead = fileName ? notReadReason(fileName) : null;
  if (notRead) return { skipped: notRead };
  const format = named ?? typed ?? (container === 'html' ? 'html' : null);
  if (format) return { format, fileName };
  return { failure: `not a report format${claimed}` };
}
