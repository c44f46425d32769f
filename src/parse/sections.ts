/**
 * The narrative of a report split at its headings: 一、 （一） 1. （1） ①, the outline every report
 * follows. Each section keeps its level, heading, the path of headings above it, its page and its
 * text (its subsections included, so a section reads whole), and the usual sections are tagged.
 */
import type { Block, Paragraph } from '../extract/model.js';
import type { Section, SectionTag } from './schema.js';
import { TABLE_OF_CONTENTS_LABELS } from '../vocabulary/report.js';
import { halfWidth } from './text.js';

/** Outline numbers by level, as official documents nest them. */
const OUTLINE: readonly RegExp[] = [
  /^[一二三四五六七八九十百]+\s*[、.．]/,
  /^[（(]\s*[一二三四五六七八九十]+\s*[)）]/,
  /^\d{1,2}\s*[、.．](?!\d)/,
  /^[（(]\s*\d{1,2}\s*[)）]/,
  /^[①-⑳]/,
];

/** A heading ends at its first full stop or colon; the rest of its paragraph is text. */
const HEADING_END = /[。：:；;]/;
const HEADING_MAX_LENGTH = 60;

/** Words that name the usual sections, in the order a heading is searched for them. */
const TAGS: readonly [SectionTag, RegExp][] = [
  ['基本情况', /基本情况|基本概况|部门概况|单位概况|项目概况/],
  ['绩效目标', /绩效目标/],
  ['自评结论', /自评结论|评价结论|(?:自评|评价)结果(?!应用|运用)|总体评价|自评得分/],
  ['存在问题', /存在(?:的)?(?:主要)?问题|主要问题|问题及原因|问题和不足|不足之处/],
  ['改进措施', /改进措施|改进意见|改进建议|整改措施|整改意见|下一步(?:工作)?(?:计划|打算|措施)|有关建议|意见建议/],
  ['结果应用', /结果应用|结果运用|应用情况/],
];

/** The outline level of a paragraph that starts with an outline number, from 1; null for text. */
export function outlineLevel(text: string): number | null {
  const start = text.trimStart();
  const level = OUTLINE.findIndex((pattern) => pattern.test(start));
  return level < 0 ? null : level + 1;
}

/** The usual section a heading names: the tag whose words come first in it (存在问题及改进措施 → 存在问题). */
export function sectionTag(heading: string): SectionTag | null {
  let best: { tag: SectionTag; at: number } | null = null;
  for (const [tag, words] of TAGS) {
    const at = heading.search(words);
    if (at >= 0 && (!best || at < best.at)) best = { tag, at };
  }
  return best?.tag ?? null;
}

/** A numbered paragraph → its heading and the text printed after it on the same paragraph. */
function splitHeading(text: string): { heading: string; rest: string } {
  const line = text.replace(/\s+/g, ' ').trim();
  const end = line.search(HEADING_END);
  if (end > 0 && end <= HEADING_MAX_LENGTH) return { heading: line.slice(0, end).trim(), rest: line.slice(end + 1).trim() };
  return { heading: line, rest: '' };
}

/** An entry of a table of contents: an attachment's name, or a line ending in dot leaders and a page number. */
const CONTENTS_ENTRY = /^附件|[.．…·]{2,}\s*\d+$|\s\d+$/;

/**
 * The paragraphs of a table of contents: from a 目录 line, every outline heading or entry up to the first
 * paragraph that is neither. Its headings are not sections: they hold no text, and the report's own
 * headings follow.
 */
function tableOfContents(paragraphs: readonly Paragraph[]): Set<Paragraph> {
  const contents = new Set<Paragraph>();
  let inside = false;
  for (const paragraph of paragraphs) {
    const line = halfWidth(paragraph.text).trim();
    if (TABLE_OF_CONTENTS_LABELS.includes(line.replace(/\s+/g, ''))) {
      inside = true;
      contents.add(paragraph);
    } else if (inside && (outlineLevel(line) !== null || CONTENTS_ENTRY.test(line))) contents.add(paragraph);
    else inside = false;
  }
  return contents;
}

interface OpenSection {
  section: Section;
  lines: string[];
}

export function documentToSections(blocks: readonly Block[]): Section[] {
  const sections: OpenSection[] = [];
  const open: OpenSection[] = [];
  const all = blocks.filter((b): b is Paragraph => b.kind === 'paragraph');
  const contents = tableOfContents(all);
  const paragraphs = all.filter((paragraph) => !contents.has(paragraph));
  for (const paragraph of paragraphs) {
    const level = outlineLevel(halfWidth(paragraph.text));
    if (level === null) {
      for (const s of open) s.lines.push(paragraph.text.trim());
      continue;
    }
    while (open.length && open[open.length - 1].section.level >= level) open.pop();
    const { heading, rest } = splitHeading(paragraph.text);
    const path = [...open.map((s) => s.section.heading), heading];
    const section: OpenSection = {
      section: { level, heading, path: path.join(' > '), tag: sectionTag(heading), page: paragraph.page, text: '' },
      lines: [],
    };
    // A parent's text holds its subsections, headings included.
    for (const s of open) s.lines.push(paragraph.text.trim());
    if (rest) section.lines.push(rest);
    open.push(section);
    sections.push(section);
  }
  return sections.map(({ section, lines }) => ({ ...section, text: lines.filter(Boolean).join('\n') }));
}
