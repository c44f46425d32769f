/**
 * The links of an HTML page (a listing or an article), with their text and the date printed beside
 * them on a listing (<li><a>…</a><span>2022-03-18</span></li>). The page's bytes are decoded as the
 * HTML extractor decodes them, so GBK listings read right.
 */
import * as cheerio from 'cheerio';
import { decodeText } from '../extract/decode.js';
import { dateInText, publishedDateOfPage } from './published.js';

export interface Link {
  url: string;
  text: string;
  /** The date beside the link on the page, else the page's own publication date. */
  publishedAt: string | null;
}

export interface PageLinks {
  publishedAt: string | null;
  links: Link[];
}

const squeeze = (text: string) => text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();

/** An absolute http(s) URL without its fragment, or null for mailto:, javascript: and broken hrefs. */
export function resolveLink(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

/** Listings cut long titles (…自评…) and keep the whole one in `title`: the whole one is the link's text. */
function linkText(shown: string, title: string): string {
  const cut = /(…|\.\.\.)$/.exec(shown);
  if (!shown) return title;
  return cut && title.length > shown.length && title.startsWith(shown.slice(0, -cut[0].length)) ? title : shown;
}

export function linksOfPage(bytes: Uint8Array, pageUrl: string): PageLinks {
  const $ = cheerio.load(decodeText(bytes, { html: true }));
  const base = resolveLink($('base[href]').attr('href') ?? '', pageUrl) ?? pageUrl;
  const publishedAt = publishedDateOfPage($);
  const found = new Map<string, Link>();
  for (const anchor of $('a[href]').toArray()) {
    const url = resolveLink(anchor.attribs.href, base);
    if (!url) continue;
    const text = linkText(squeeze($(anchor).text()), squeeze(anchor.attribs.title ?? ''));
    const item = $(anchor).closest('li, tr, dd, dt, p');
    const beside = item.length ? dateInText(squeeze(item.text()).replace(text, '')) : null;
    const previous = found.get(url);
    if (!previous || (!previous.text && text)) found.set(url, { url, text, publishedAt: beside ?? publishedAt });
  }
  return { publishedAt, links: [...found.values()] };
}
