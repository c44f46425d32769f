/**
 * The ways government CMSs publish a section's links, one small named recogniser each. A listing's
 * pages are often reachable only through a script (TRS createPageHTML, Hanweb jpage and its
 * dataproxy.jsp), its records kept in CDATA blocks, an article's address in an onclick handler.
 * Supporting a new CMS is one more function in RECOGNISERS; nothing here knows any one site.
 *
 * A recogniser returns addresses as written on the page (resolved later against the page's base URL)
 * with a role: `link` (followed by the site's scope rules), `listing` (another page of the listing:
 * pagination, a frame, a refresh — followed anywhere on the site's hosts) or `record` (an entry of the
 * column's own record list, which CMSs often store outside the column's folder — also followed).
 */
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';

export type LinkRole = 'link' | 'listing' | 'record';

export interface Found {
  href: string;
  text: string;
  role: LinkRole;
  /** The text of the list item or table row holding the link (where listings print dates). */
  beside?: string;
}

export interface PageSource {
  $: CheerioAPI;
  /** The page as text: scripts and CDATA included. */
  html: string;
}

export type Recogniser = (page: PageSource) => Found[];

export const squeeze = (text: string) => text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();

/** Listings cut long titles (…自评…) and keep the whole one in `title`: the whole one is the link's text. */
function linkText(shown: string, title: string): string {
  const cut = /(…|\.\.\.)$/.exec(shown);
  if (!shown) return title;
  return cut && title.length > shown.length && title.startsWith(shown.slice(0, -cut[0].length)) ? title : shown;
}

const textOf = ($: CheerioAPI, element: Element) => linkText(squeeze($(element).text()), squeeze(element.attribs.title ?? ''));

function besideOf($: CheerioAPI, element: Element): string | undefined {
  const item = $(element).closest('li, tr, dd, dt, p');
  return item.length ? squeeze(item.text()) : undefined;
}

/** <a href>: every ordinary link (script addresses are read by scriptAddresses). */
export const anchors: Recogniser = ({ $ }) =>
  $('a[href], area[href]')
    .toArray()
    .filter((a) => !/^\s*javascript:/i.test(a.attribs.href))
    .map((a) => ({ href: a.attribs.href, text: textOf($, a), role: 'link' as const, beside: besideOf($, a) }));

/** The words a pager prints: 下一页, 尾页 … A pager link is another page of the listing. */
const PAGER_WORDS = /^(?:下一?页|下页|后页|尾页|末页|最后一?页|上一?页|前页|首页|next|last|previous|prev|>|>>|»|›)$/i;

export const pagerLinks: Recogniser = ({ $ }) =>
  $('a[href]')
    .toArray()
    .filter((a) => PAGER_WORDS.test(squeeze($(a).text())) && !/^\s*javascript:/i.test(a.attribs.href))
    // 首页 is both "first page" and a site's home page: only a link to a page of this listing counts.
    .filter((a) => !/^首页$/.test(squeeze($(a).text())) || /[_?&=]\d+/.test(a.attribs.href) || /^(?:\.\/)?index\.\w+$/.test(a.attribs.href.trim()))
    .map((a) => ({ href: a.attribs.href, text: squeeze($(a).text()), role: 'listing' as const }));

/** <iframe src>, <frame src>: a listing shown inside a frame. */
export const frames: Recogniser = ({ $ }) =>
  $('iframe[src], frame[src]')
    .toArray()
    .map((f) => ({ href: f.attribs.src, text: squeeze(f.attribs.title ?? f.attribs.name ?? ''), role: 'listing' as const }));

/** <meta http-equiv="refresh" content="0; url=…">: a section that moved. */
export const metaRefresh: Recogniser = ({ $ }) =>
  $('meta[http-equiv]')
    .toArray()
    .filter((m) => m.attribs['http-equiv'].toLowerCase() === 'refresh')
    .map((m) => /url\s*=\s*['"]?([^'";]+)/i.exec(m.attribs.content ?? '')?.[1])
    .filter((href): href is string => !!href)
    .map((href) => ({ href: href.trim(), text: '', role: 'listing' as const }));

/** A quoted string in a piece of script that reads as an address: a path, a page or a file. */
const QUOTED = /(['"])((?:(?!\1)[^\s<>])+)\1/g;
const ADDRESS_LIKE = /^(?:https?:\/\/|\/|\.\.?\/)|\.(?:s?html?|jsp|aspx?|php|do|pdf|docx?|xlsx?|wps|et|zip|rar|7z)(?:[?#]|$)|\?\w+=/i;

export function addressesInScript(code: string): string[] {
  return [...code.matchAll(QUOTED)].map((m) => m[2]).filter((s) => ADDRESS_LIKE.test(s));
}

/** onclick="window.open('…')" and href="javascript:openUrl('…')": the real address is in the script. */
export const scriptAddresses: Recogniser = ({ $ }) =>
  $('[onclick], a[href^="javascript:"], a[href^="JavaScript:"]')
    .toArray()
    .flatMap((element) => {
      const code = `${element.attribs.onclick ?? ''} ${/^\s*javascript:/i.test(element.attribs.href ?? '') ? element.attribs.href : ''}`;
      return addressesInScript(code).map((href) => ({ href, text: textOf($, element), role: 'link' as const, beside: besideOf($, element) }));
    });

/** A number given as a literal or as a variable assigned a literal elsewhere on the page. */
function numberIn(html: string, token: string): number | null {
  if (/^\d+$/.test(token)) return Number(token);
  const assigned = new RegExp(`\\b${token.replace(/[^\w$]/g, '')}\\s*=\\s*['"]?(\\d+)`).exec(html);
  return assigned ? Number(assigned[1]) : null;
}

/** No CMS pages a section into more than this: a bound against a page claiming a million pages. */
export const MAX_SCRIPT_PAGES = 500;

/**
 * TRS WCM: `createPageHTML(countPage, currentPage, "index", "html")` writes the pager in script;
 * page 0 is index.html, page n is index_n.html. Some templates pass the pager's element id first
 * (`createPageHTML('page_div', 7, 1, 'index', 'shtml', 120)`): the first two numbers are the count and
 * the current page, the last two strings the name and the suffix.
 */
export const trsCreatePageHtml: Recogniser = ({ html }) =>
  [...html.matchAll(/createPageHTML\s*\(([^)]*)\)/g)].flatMap((call) => {
    const args = call[1].split(',').map((a) => a.trim());
    const strings = args.filter((a) => /^['"].*['"]$/.test(a)).map((a) => a.slice(1, -1));
    const numbers = args.filter((a) => !/^['"]/.test(a)).map((a) => numberIn(html, a));
    const count = numbers[0];
    if (count == null || strings.length < 2) return [];
    const [name, suffix] = strings.slice(-2);
    const pages = Math.min(count, MAX_SCRIPT_PAGES);
    return Array.from({ length: pages }, (_, n) => ({ href: n === 0 ? `${name}.${suffix}` : `${name}_${n}.${suffix}`, text: '', role: 'listing' as const }));
  });

/** `key: 'value'` and `key: 123` pairs of a script object literal's body. */
function objectPairs(body: string): [string, string][] {
  return [...body.matchAll(/([\w$]+)\s*:\s*(?:(['"])(.*?)\2|([\w.-]+))/g)].map((m) => [m[1], m[3] ?? m[4]]);
}

/**
 * Hanweb JCMS: `$('#id').jpage({ proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 15, totalRecord: 47,
 * ajaxParam: {columnid: …, unitid: …} })` fetches the records in groups of `groupSize` pages from the
 * proxy; the same request as a GET returns the group's records (read by cdataRecords).
 */
export const hanwebJpage: Recogniser = ({ html }) =>
  [...html.matchAll(/\.jpage\s*\(\s*\{([\s\S]*?)\}\s*\)/g)].flatMap((call) => {
    const body = call[1];
    const ajax = /ajaxParam\s*:\s*\{([^}]*)\}/.exec(body);
    const settings = new Map(objectPairs(ajax ? body.replace(ajax[0], '') : body));
    const proxy = settings.get('proxyUrl') ?? settings.get('proxyurl');
    // Counts may be literals, variables set elsewhere on the page, or (the total) the datastore's <totalrecord>.
    const count = (name: string) => {
      const value = settings.get(name) ?? settings.get(name.toLowerCase());
      return value === undefined ? null : numberIn(html, value);
    };
    const perPage = count('perPage') ?? 0;
    const total = count('totalRecord') ?? Number(/<totalrecord>\s*(\d+)/i.exec(html)?.[1] ?? 0);
    const groupSize = count('groupSize') || 3;
    if (!proxy || !(perPage > 0) || !(total > 0)) return [];
    const params = ajax ? objectPairs(ajax[1]) : [];
    const step = perPage * groupSize;
    const found: Found[] = [];
    for (let start = 1; start <= total && found.length < MAX_SCRIPT_PAGES; start += step) {
      const query = new URLSearchParams([
        ['startrecord', String(start)],
        ['endrecord', String(Math.min(total, start + step - 1))],
        ['perpage', String(perPage)],
        ...params,
      ]);
      found.push({ href: `${proxy}${proxy.includes('?') ? '&' : '?'}${query}`, text: '', role: 'listing' });
    }
    return found;
  });

/**
 * Records kept as markup inside CDATA (Hanweb's `<script type="text/xml"><record><![CDATA[<li><a …>]]>`,
 * and the dataproxy.jsp answers): HTML parsers skip CDATA, so each block is read as a page of its own.
 */
export const cdataRecords: Recogniser = ({ html }) =>
  [...html.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)]
    .filter((block) => /<a\s/i.test(block[1]))
    .flatMap((block) => anchors({ $: cheerio.load(block[1]), html: block[1] }).map((found) => ({ ...found, role: 'record' as const })));

/**
 * Numbered pages a pager shows only some of (1 2 3 … 9, or only 下一页 and 尾页): every page from the
 * first to the highest linked, for `name_N.ext` counters and `?page=N` style parameters.
 */
const COUNTER_FILE = /^(.*[_-])(\d{1,4})(\.\w+)$/;
const COUNTER_PARAM = /^(.*[?&](?:page|pageNo|pageno|pageIndex|pageindex|pagenum|pageNum|curPage|currentPage|cpage|p|pn)=)(\d{1,4})(.*)$/;

export const counterPages: Recogniser = (page) => {
  const highest = new Map<string, { prefix: string; suffix: string; max: number; min: number }>();
  for (const { href } of pagerLinks(page).concat(anchors(page).filter((a) => /^\d{1,4}$/.test(a.text)))) {
    const match = COUNTER_FILE.exec(href) ?? COUNTER_PARAM.exec(href);
    if (!match) continue;
    const [, prefix, n, suffix] = match;
    const key = `${prefix}\u0000${suffix}`;
    const seen = highest.get(key) ?? { prefix, suffix, max: 0, min: Infinity };
    highest.set(key, { ...seen, max: Math.max(seen.max, Number(n)), min: Math.min(seen.min, Number(n)) });
  }
  return [...highest.values()].flatMap(({ prefix, suffix, max, min }) => {
    const first = Math.min(min, 1);
    const last = Math.min(max, first + MAX_SCRIPT_PAGES - 1);
    return Array.from({ length: last - first + 1 }, (_, i) => ({ href: `${prefix}${first + i}${suffix}`, text: '', role: 'listing' as const }));
  });
};

/** Every recogniser, run on every page read for links. */
export const RECOGNISERS: Record<string, Recogniser> = {
  anchors,
  pagerLinks,
  frames,
  metaRefresh,
  scriptAddresses,
  trsCreatePageHtml,
  hanwebJpage,
  cdataRecords,
  counterPages,
};
