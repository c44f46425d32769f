/**
 * Page furniture: what a government site or a document-sharing site prints around a report (index
 * numbers, publisher, dates, view counts, font-size switches, breadcrumbs, metadata tables, a
 * sharing site's preamble). None of it is the report's title, and its publisher names the
 * department only when the report names no other.
 */
import { DEFAULT_VOCABULARY, type Vocabulary } from '../vocabulary/index.js';
import { BREADCRUMB_SEPARATORS } from '../vocabulary/report.js';
import { compact } from './text.js';
import { anyOf, perVocabulary } from './words.js';

const patternsOf = perVocabulary(({ furniture }) => {
  const labels = anyOf(furniture.labels);
  return {
    /** A furniture label at the start of the line or after a separator, with its colon or cell border. */
    field: new RegExp(`(?:^|[\\s|])(?:${labels})\\s*[:：|]`),
    start: new RegExp(`^(?:${labels})`),
    /** The longest label `start` can match, in characters. */
    longestLabel: Math.max(...furniture.labels.map((label) => label.length)),
    breadcrumbStart: new RegExp(`^(?:${anyOf(furniture.breadcrumbOpenings)})`),
    breadcrumbHome: new RegExp(`^(?:${anyOf(furniture.breadcrumbHomes)})\\s*[${BREADCRUMB_SEPARATORS}]`),
    /** What a document-sharing site says about the file it shows, and how it cites the file (《….docx》). */
    sharingPreamble: new RegExp(`${anyOf(furniture.sharing)}|请在.{0,12}上搜索|\\.docx?》|\\.pdf》`),
    publisher: new RegExp(`(?:${anyOf(furniture.publishers)})\\s*[:：]?\\s*\\|?\\s*([^\\s|:：]{2,40})`, 'g'),
  };
});
const FONT_SWITCH = /[【[]\s*大\s*[】\]]?\s*[【[]?\s*中\s*[】\]]?\s*[【[]?\s*小\s*[】\]]/;
const BREADCRUMB_STEPS = new RegExp(`\\s[${BREADCRUMB_SEPARATORS}]\\s`, 'g');
const FILE_NAME = /\.(?:pdf|docx?|wps|xlsx?|txt|html?)$/i;

/** A site's metadata table flattened into cells between bars: 索引号 | … | 发布机构 | … |. */
function isMetadataRow(line: string): boolean {
  return (line.match(/\|/g) ?? []).length >= 2 || /^[\s|]*$/.test(line);
}

export function isBreadcrumb(line: string, vocabulary: Vocabulary = DEFAULT_VOCABULARY): boolean {
  const text = line.trim();
  const { breadcrumbStart, breadcrumbHome } = patternsOf(vocabulary);
  // Two steps at least: a single ` > ` may be a comparison in a sentence (满意度 > 90%).
  return breadcrumbStart.test(text) || breadcrumbHome.test(text) || (text.match(BREADCRUMB_STEPS) ?? []).length >= 2;
}

/**
 * The start of compact(text), long enough for a label `longest` characters long: compacting maps
 * characters one by one, so a compacted prefix is a prefix of the compacted whole, and a long
 * paragraph is not compacted whole.
 */
function compactHead(text: string, longest: number): string {
  const head = compact(text.slice(0, 4 * longest));
  return head.length >= longest ? head : compact(text);
}

export function isFurniture(line: string, vocabulary: Vocabulary = DEFAULT_VOCABULARY): boolean {
  const text = line.trim();
  const patterns = patternsOf(vocabulary);
  return (
    isMetadataRow(text) ||
    patterns.field.test(text) ||
    patterns.start.test(compactHead(text, patterns.longestLabel)) ||
    FONT_SWITCH.test(text) ||
    isBreadcrumb(text, vocabulary) ||
    patterns.sharingPreamble.test(text)
  );
}

/** A line that is a file's name (…自评报告.pdf): a title only when nothing better exists, without its extension. */
export function fileNameTitle(line: string): string | null {
  const text = line.trim();
  return FILE_NAME.test(text) ? text.replace(FILE_NAME, '').trim() || null : null;
}

/** The bodies a page's furniture names as its publisher (发布机构 | 某局, 来源:某局). */
export function publishersIn(lines: string[], vocabulary: Vocabulary = DEFAULT_VOCABULARY): string[] {
  const found: string[] = [];
  const { publisher } = patternsOf(vocabulary);
  for (const line of lines.filter((l) => isFurniture(l, vocabulary))) {
    for (const m of line.matchAll(publisher)) found.push(compact(m[1]));
  }
  return found;
}
