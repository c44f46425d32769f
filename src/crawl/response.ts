/**
 * What a fetched response is. The link's name (or the Content-Disposition file name) says what was
 * promised, Content-Type what the server claims, the first bytes what arrived. Sites answer a missing
 * or withdrawn attachment with an HTML error page and status 200: that is a failure, not a report.
 */
import { formatOfPath } from '../extract/formats.js';
import type { Format } from '../extract/model.js';
import { sniffContainer } from '../extract/sniff.js';
import type { ResponseHeaders } from './fetch.js';
import { dispositionFileName, formatOfContentType } from './scope.js';

export type Classified = { format: Format } | { failure: string };

const PAGE_FORMATS = new Set<Format>(['html', 'txt']);

export function classifyResponse(url: string, headers: ResponseHeaders, bytes: Uint8Array): Classified {
  const named = formatOfPath(dispositionFileName(headers.contentDisposition) ?? '') ?? formatOfPath(new URL(url).pathname);
  const typed = formatOfContentType(headers.contentType);
  const container = sniffContainer(bytes);
  const claimed = headers.contentType ? ` (Content-Type ${headers.contentType})` : '';
  if (container === 'empty') return { failure: 'empty response' };
  const expected = named ?? typed;
  // Sniffing misses pages that open with a BOM or a comment; a server saying text/html about bytes that are no
  // office container or PDF is believed.
  const looksLikePage = container === 'html' || (typed === 'html' && (container === 'text' || container === 'binary'));
  if (expected && !PAGE_FORMATS.has(expected) && looksLikePage) {
    return { failure: `an HTML page came back where a ${expected.toUpperCase()} file was linked${claimed}` };
  }
  if (expected) return { format: expected };
  if (container === 'pdf') return { format: 'pdf' };
  if (container === 'html') return { format: 'html' };
  return { failure: `not a report format${claimed}` };
}
