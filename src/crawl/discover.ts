/**
 * `jixiao crawl --discover HOME`: a site's report sections found from its link texts, so a nightly job
 * over thousands of county sites needs no hand-written patterns. From the home page, and from the
 * 信息公开 pages it links to (a bounded number, a bounded depth), every link whose text names a budget,
 * final-accounts or performance section is a start URL; its folder is the pattern followed.
 * The words are data: one vocabulary, here.
 */
import type { PageLinks } from './links.js';

/** Link texts naming a section where reports are published. */
export const SECTION_WORDS = [
  '预决算公开',
  '财政预决算',
  '部门预决算',
  '预算绩效',
  '绩效评价',
  '绩效自评',
  '预决算',
  '预算公开',
  '决算公开',
  '部门预算',
  '部门决算',
  '绩效管理',
  '绩效信息',
];
/** Link texts naming pages that list sections: looked through for the sections above. */
export const GATEWAY_WORDS = ['信息公开', '政务公开', '公开目录', '重点领域', '财政信息', '财政资金', '法定主动公开'];
/** Words that make a link no report section even when it names one (news about budgets, job offers). */
export const EXCLUDED_WORDS = ['新闻', '动态', '要闻', '招聘', '招考', '通知公告', '解读', '图解', '视频', '政策', '会议'];
/** A column's name is short (部门预决算公开); a longer text naming a section is an article's title. */
export const MAX_SECTION_NAME = 15;

/** At most this many pages are read to discover a site's sections, this many links away from home. */
export const DISCOVERY_PAGES = 30;
export const DISCOVERY_DEPTH = 2;

export interface Discovered {
  site: string;
  start: string[];
  follow: string[];
  /** Why nothing was found: the home page could not be read, or it leads to no report section. */
  failure?: string;
}

type FetchPage = (url: string) => Promise<{ page: PageLinks; finalUrl: string } | { failure: string }>;

const names = (text: string, words: readonly string[]) => words.some((word) => text.includes(word));
const isSection = (text: string) => text.length <= MAX_SECTION_NAME && names(text, SECTION_WORDS) && !names(text, EXCLUDED_WORDS);
const isGateway = (text: string) => text.length <= MAX_SECTION_NAME && names(text, GATEWAY_WORDS) && !names(text, EXCLUDED_WORDS);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The folder of a URL as a pattern for `follow`. */
export function folderPattern(url: string): string {
  const { origin, pathname } = new URL(url);
  return `^${escapeRegExp(`${origin}${pathname.slice(0, pathname.lastIndexOf('/') + 1)}`)}`;
}

export async function discoverSections(homes: string[], fetchPage: FetchPage): Promise<Omit<Discovered, 'site'>> {
  const hosts = new Set(homes.map((home) => new URL(home).host));
  const seen = new Set(homes);
  const waiting = homes.map((url) => ({ url, depth: 0 }));
  const sections: string[] = [];
  let homeFailure: string | null = null;
  for (let read = 0; waiting.length && read < DISCOVERY_PAGES; read++) {
    const { url, depth } = waiting.shift()!;
    const fetched = await fetchPage(url);
    if ('failure' in fetched) {
      if (depth === 0) homeFailure ??= fetched.failure;
      continue;
    }
    for (const link of fetched.page.links) {
      if (seen.has(link.url) || !hosts.has(new URL(link.url).host)) continue;
      if (isSection(link.text)) {
        seen.add(link.url);
        sections.push(link.url);
      } else if (isGateway(link.text) && depth < DISCOVERY_DEPTH) {
        seen.add(link.url);
        waiting.push({ url: link.url, depth: depth + 1 });
      }
    }
  }
  if (!sections.length)
    return {
      start: [],
      follow: [],
      failure: homeFailure ?? `no report section found from the home page (link texts such as ${SECTION_WORDS.slice(0, 3).join(', ')} …)`,
    };
  return { start: sections, follow: [...new Set(sections.map(folderPattern))] };
}
