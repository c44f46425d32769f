/**
 * The report's title: the first line of the first screenful that names a report, once page
 * furniture, tables of contents, labelled fields and check-box lines are set aside. A title printed
 * over two lines is joined; a title at the head of a paragraph that swallowed the whole page is cut
 * from it. A line naming its issuer beats a generic heading (部门整体支出绩效评价报告); a file name
 * is the title only when nothing better exists.
 */
import type { Document, Paragraph } from '../extract/model.js';
import { DEFAULT_VOCABULARY, type Vocabulary } from '../vocabulary/index.js';
import { BREADCRUMB_SEPARATORS } from '../vocabulary/report.js';
import { startsWithIssuer } from './department.js';
import { fileNameTitle, isBreadcrumb, isFurniture } from './furniture.js';
import { isNoticeTitle } from './notice.js';
import { anyOf, perVocabulary } from './words.js';
import { compact, hasCheckBox, isOutlineNumbered } from './text.js';

const titlePatternsOf = perVocabulary(({ titles }) => ({ topic: new RegExp(anyOf(titles.topic)), genre: new RegExp(anyOf(titles.genre)) }));
/** Does a text say it is about performance reporting (绩效, 自评表 …)? */
const isAboutReporting = (text: string, vocabulary: Vocabulary) => titlePatternsOf(vocabulary).topic.test(text);
/** Where the title at the head of a flattened page ends. */
const HEAD_END = /报告|表|决算(?:公开说明)?|部门预算/;
const TITLE_MAX_LENGTH = 80;
/** The first screenful: a title further down is a heading inside the report. */
const SCREENFUL_BLOCKS = 40;
const SCREENFUL_CHARS = 3000;
/** How many leading blocks the older rule (a heading, a name the page's <title> repeats) looks at. */
const HEADING_WINDOW = 6;
/** How many lines after a generic heading a title naming its issuer may replace it. */
const GENERIC_LOOKAHEAD = 2;
/** Marks of a sentence, which a title does not have. */
const SENTENCE_PUNCTUATION = /[。，,；;！!？?]/;
const ATTACHMENT_LABEL = /^附件\s*\d*\s*[:：]?\s*/;
/** An attachment's label on a line of its own (附件1, 附件2：): the next line names the attachment. */
const ATTACHMENT_LINE = /^附件\s*\d*\s*[:：]?$/;
/** Markup a spam mirror injects into the text (<legend id="h4sia"></legend>). */
const MARKUP_TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?>/gi;
/** The steps of a breadcrumb: 首页 > 信息公开 > 某局关于…的通报. */
const BREADCRUMB_STEP = new RegExp(`\\s*[${BREADCRUMB_SEPARATORS}]\\s*`);
/** A labelled field (评价方式：…, 项目名称：…) is not a title. */
const LABEL_LINE = /^[\u4e00-\u9fa5()（）]{2,12}\s*[:：]/;
const CONTENTS = /^目\s*录/;
/** A document-sharing site numbers the pages of its preview (1、…): not part of the title. */
const PREVIEW_PAGE_NUMBER = /^\d{1,3}、/;

/** A title as printed, on one line: wrap spaces next to Chinese text dropped. */
function cleanTitle(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ (?=[\u4e00-\u9fa5\d（(])|(?<=[\u4e00-\u9fa5\d）)]) /g, '');
}

function namesReport(text: string, vocabulary: Vocabulary): boolean {
  return isAboutReporting(text, vocabulary) && (titlePatternsOf(vocabulary).genre.test(text) || isNoticeTitle(text, vocabulary));
}

/** A line that could be part of a title: short, not a sentence, not furniture or a field. */
function isTitleLine(text: string, vocabulary: Vocabulary): boolean {
  return (
    text.length > 0 &&
    text.length <= TITLE_MAX_LENGTH &&
    !SENTENCE_PUNCTUATION.test(text) &&
    !isOutlineNumbered(text) &&
    !LABEL_LINE.test(text) &&
    !hasCheckBox(text) &&
    !CONTENTS.test(text) &&
    !isFurniture(text, vocabulary) &&
    fileNameTitle(text) === null
  );
}

/** Could this line begin a title printed over two lines (某街道办事处部门整体支出 / 绩效评价报告)? */
function startsTitle(text: string): boolean {
  return startsWithIssuer(compact(text)) || /整体|支出|项目|部门/.test(text);
}

/** The head of a paragraph that holds a whole page (a flattened PDF): up to its first report word. */
function headOf(text: string, vocabulary: Vocabulary): string | null {
  const flat = text.replace(PREVIEW_PAGE_NUMBER, '');
  const end = HEAD_END.exec(flat);
  if (!end) return null;
  const head = flat.slice(0, end.index + end[0].length).trim();
  // A title opens with its issuer or year; a sentence (现将我局…情况报告如下) does not.
  const opensLikeTitle = startsWithIssuer(compact(head)) || /^(?:19|20)\d{2}年/.test(head);
  return opensLikeTitle && isTitleLine(head, vocabulary) && namesReport(head, vocabulary) ? head : null;
}

/** A line of a table of contents: 第二部分 …, 附件6 …, an entry ending in its page number. */
const CONTENTS_ENTRY = /^第[一二三四五六七八九十]+部分|^附件\s*\d+|[.…·]{3,}\s*\d+$|\s\d{1,3}$/;

interface Candidate {
  text: string;
  /** The line it starts on. */
  line: number;
  /**
   * An attachment's name or a breadcrumb's last step: the title only where the page prints none of
   * its own.
   */
  secondary?: boolean;
}

/**
 * The title candidates of the first screenful, in reading order. A title comes before the table of
 * contents; only when none does are the lines after it read, its entries left out.
 */
function candidates(lines: string[], vocabulary: Vocabulary): Candidate[] {
  const all = candidatesIn(lines, vocabulary);
  const contents = lines.findIndex((line) => CONTENTS.test(line.trim()));
  if (contents < 0) return all;
  const before = all.filter((c) => c.line < contents);
  return before.length ? before : all.filter((c) => !CONTENTS_ENTRY.test(lines[c.line].trim()));
}

/** A breadcrumb's last step, when it names a report (the page's title printed in its path). */
function breadcrumbTitle(line: string, i: number, vocabulary: Vocabulary): Candidate | null {
  if (!isBreadcrumb(line, vocabulary)) return null;
  const last = line.split(BREADCRUMB_STEP).pop()?.trim() ?? '';
  return isTitleLine(last, vocabulary) && namesReport(last, vocabulary) ? { text: last, line: i, secondary: true } : null;
}

function candidatesIn(lines: string[], vocabulary: Vocabulary): Candidate[] {
  const found: Candidate[] = [];
  lines.forEach((raw, i) => {
    const unmarked = raw.replace(MARKUP_TAG, '').trim();
    const line = unmarked.replace(ATTACHMENT_LABEL, '');
    const secondary = line !== unmarked || ATTACHMENT_LINE.test((lines[i - 1] ?? '').trim());
    const crumb = breadcrumbTitle(line, i, vocabulary);
    if (crumb) {
      found.push(crumb);
      return;
    }
    if (line.length > TITLE_MAX_LENGTH && !isFurniture(line, vocabulary)) {
      const head = headOf(line, vocabulary);
      if (head) found.push({ text: head, line: i, secondary });
      return;
    }
    if (!isTitleLine(line, vocabulary)) return;
    if (namesReport(line, vocabulary)) {
      found.push({ text: line, line: i, secondary });
      return;
    }
    const next = (lines[i + 1] ?? '').trim();
    const joined = `${line}${next}`;
    if (
      startsTitle(line) &&
      isTitleLine(next, vocabulary) &&
      namesReport(next, vocabulary) &&
      !startsWithIssuer(compact(next)) &&
      joined.length <= TITLE_MAX_LENGTH
    ) {
      found.push({ text: joined, line: i, secondary });
    }
  });
  // The page's own title first; attachments' names and breadcrumb steps only where it has none.
  return [...found.filter((c) => !c.secondary), ...found.filter((c) => c.secondary)];
}

/** A candidate that names its issuer or year. */
function isSpecific(text: string): boolean {
  return startsWithIssuer(compact(text)) || /(?:19|20)\d{2}年/.test(text);
}

function firstScreenful(doc: Document): Paragraph[] {
  const result: Paragraph[] = [];
  let chars = 0;
  for (const block of doc.blocks.slice(0, SCREENFUL_BLOCKS)) {
    if (chars > SCREENFUL_CHARS) break;
    if (block.kind !== 'paragraph') continue;
    result.push(block);
    chars += block.text.length;
  }
  return result;
}

/** A page <title> often ends with the site's name: 报告标题-某市人民政府门户网站. */
function withoutSiteName(title: string): string {
  return title.split(/\s*[-_|｜—]+\s*(?=[^-_|｜—]*(?:网|网站|门户|政府|平台)$)/)[0].trim();
}

export interface PageTitle {
  title: string | null;
  /**
   * The page prints no title of its own: this one is an attachment's name, a breadcrumb's last step or
   * a file name, and the body may tell better what the page is.
   */
  borrowed: boolean;
}

export function pageTitle(doc: Document, vocabulary: Vocabulary = DEFAULT_VOCABULARY): PageTitle {
  const screenful = firstScreenful(doc);
  const lines = screenful.map((p) => p.text);
  const found = candidates(lines, vocabulary);
  const declared = doc.declaredTitle ? withoutSiteName(doc.declaredTitle) : null;
  const named = declared ? found.find((c) => compact(declared).includes(compact(c.text))) : undefined;
  // A generic heading (部门整体支出绩效评价报告) gives way to the title that names its issuer right after it.
  const first = found[0];
  const specific = first && found.find((c) => c.line <= first.line + GENERIC_LOOKAHEAD && !c.secondary === !first.secondary && isSpecific(c.text));
  const leading = doc.blocks.slice(0, HEADING_WINDOW).filter((b): b is Paragraph => b.kind === 'paragraph');
  const heading = leading.find((p) => p.heading && isTitleLine(p.text, vocabulary) && isAboutReporting(p.text, vocabulary));
  const candidate = named ?? specific ?? first;
  const fileName = lines.map(fileNameTitle).find((name) => name !== null);
  const chosen =
    candidate?.text ??
    heading?.text ??
    (declared && isAboutReporting(declared, vocabulary) ? declared : undefined) ??
    fileName ??
    leading.find((p) => p.heading)?.text ??
    declared;
  const borrowed = candidate ? Boolean(candidate.secondary) : chosen !== undefined && chosen === fileName;
  return { title: chosen ? cleanTitle(chosen) : null, borrowed };
}
