/**
 * Page furniture: what a government site or a document-sharing site prints around a report (index
 * numbers, publisher, dates, view counts, font-size switches, breadcrumbs, metadata tables, a
 * sharing site's preamble). None of it is the report's title, and its publisher names the
 * department only when the report names no other.
 */
import {
  BREADCRUMB_HOMES,
  BREADCRUMB_OPENINGS,
  BREADCRUMB_SEPARATORS,
  FURNITURE_LABELS,
  PUBLISHER_LABELS,
  SHARING_PREAMBLE_WORDS,
} from '../vocabulary/report.js';
import { compact } from './text.js';
import { anyOf } from './words.js';

const LABELS = anyOf(FURNITURE_LABELS);
/** A furniture label at the start of the line or after a separator, with its colon or cell border. */
const FURNITURE_FIELD = new RegExp(`(?:^|[\\s|])(?:${LABELS})\\s*[:：|]`);
const FURNITURE_START = new RegExp(`^(?:${LABELS})`);
/** The longest label FURNITURE_START can match, in characters. */
const LONGEST_LABEL = Math.max(...FURNITURE_LABELS.map((label) => label.length));
const FONT_SWITCH = /[【[]\s*大\s*[】\]]?\s*[【[]?\s*中\s*[】\]]?\s*[【[]?\s*小\s*[】\]]/;
const BREADCRUMB_START = new RegExp(`^(?:${anyOf(BREADCRUMB_OPENINGS)})`);
const BREADCRUMB_HOME = new RegExp(`^(?:${anyOf(BREADCRUMB_HOMES)})\\s*[${BREADCRUMB_SEPARATORS}]`);
const BREADCRUMB_STEPS = new RegExp(`\\s[${BREADCRUMB_SEPARATORS}]\\s`, 'g');
/** What a document-sharing site says about the file it shows, and how it cites the file (《….docx》). */
const SHARING_PREAMBLE = new RegExp(`${anyOf(SHARING_PREAMBLE_WORDS)}|请在.{0,12}上搜索|\\.docx?》|\\.pdf》`);
const FILE_NAME = /\.(?:pdf|docx?|wps|xlsx?|txt|html?)$/i;

/** A site's metadata table flattened into cells between bars: 索引号 | … | 发布机构 | … |. */
function isMetadataRow(line: string): boolean {
  return (line.match(/\|/g) ?? []).length >= 2 || /^[\s|]*$/.test(line);
}

export function isBreadcrumb(line: string): boolean {
  const text = line.trim();
  // Two steps at least: a single ` > ` may be a comparison in a sentence (满意度 > 90%).
  return BREADCRUMB_START.test(text) || BREADCRUMB_HOME.test(text) || (text.match(BREADCRUMB_STEPS) ?? []).length >= 2;
}

/**
 * The start of compact(text), long enough for FURNITURE_START: compacting maps characters one by one,
 * so a compacted prefix is a prefix of the compacted whole, and a long paragraph is not compacted whole.
 */
function compactHead(text: string): string {
  const head = compact(text.slice(0, 4 * LONGEST_LABEL));
  return head.length >= LONGEST_LABEL ? head : compact(text);
}

export function isFurniture(line: string): boolean {
  const text = line.trim();
  return (
    isMetadataRow(text) ||
    FURNITURE_FIELD.test(text) ||
    FURNITURE_START.test(compactHead(text)) ||
    FONT_SWITCH.test(text) ||
    isBreadcrumb(text) ||
    SHARING_PREAMBLE.test(text)
  );
}

/** A line that is a file's name (…自评报告.pdf): a title only when nothing better exists, without its extension. */
export function fileNameTitle(line: string): string | null {
  const text = line.trim();
  return FILE_NAME.test(text) ? text.replace(FILE_NAME, '').trim() || null : null;
}

const PUBLISHER = new RegExp(`(?:${anyOf(PUBLISHER_LABELS)})\\s*[:：]?\\s*\\|?\\s*([^\\s|:：]{2,40})`, 'g');

/** The bodies a page's furniture names as its publisher (发布机构 | 某局, 来源:某局). */
export function publishersIn(lines: string[]): string[] {
  const found: string[] = [];
  for (const line of lines.filter(isFurniture)) {
    for (const m of line.matchAll(PUBLISHER)) found.push(compact(m[1]));
  }
  return found;
}
