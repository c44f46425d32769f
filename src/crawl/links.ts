/**
 * A page read for what a crawl needs: its links (as every recogniser finds them, resolved against the
 * page's <base href>), the date printed beside each link on a listing, the page's own publication
 * date, and its title and text (for telling a not-found page from a listing). The bytes are decoded
 * as the HTML extractor decodes them, so GBK listings read right.
 */
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import { decodeText } from '../extract/decode.js';
import { dateInText, publishedDateOfPage } from './published.js';
import { RECOGNISERS, squeeze, type LinkRole } from './recognisers.js';

export interface Link {
  url: string;
  text: string;
  /** The date beside the link on the page, else the page's own publication date. */
  publishedAt: string | null;
  /** How the page offered it (see recognisers.ts); absent in links kept by older versions: `link`. */
  role?: LinkRole;
}

export interface PageLinks {
  publishedAt: string | null;
  links: Link[];
  title: string;
  /** The page's visible text, squeezed. */
  text: string;
}

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

/** A listing's pages and records outrank a plain link to the same URL. */
const RANK: Record<LinkRole, number> = { link: 0, record: 1, listing: 2 };

export function linksOfPage(bytes: Uint8Array, pageUrl: string): PageLinks {
  const html = decodeText(bytes, { html: true });
  const $ = cheerio.load(html);
  const base = resolveLink($('base[href]').attr('href') ?? '', pageUrl) ?? pageUrl;
  const publishedAt = publishedDateOfPage($);
  const found = new Map<string, Link>();
  for (const recognise of Object.values(RECOGNISERS)) {
    for (const { href, text, role, beside } of recognise({ $, html })) {
      const url = resolveLink(href, base);
      if (!url || url === pageUrl) continue;
      const date = beside ? dateInText(beside.replace(text, '')) : null;
      const previous = found.get(url);
      if (!previous) {
        found.set(url, { url, text, publishedAt: date ?? publishedAt, role });
        continue;
      }
      if (!previous.text && text) previous.text = text;
      if (RANK[role] > RANK[previous.role ?? 'link']) previous.role = role;
      if (date && previous.publishedAt === publishedAt) previous.publishedAt = date;
    }
  }
  return { publishedAt, links: [...found.values()], ...titleAndText($) };
}

/** A page's title and visible text, squeezed (scripts and styles removed from the loaded page). */
function titleAndText($: CheerioAPI): { title: string; text: string } {
  $('script, style, noscript').remove();
  return { title: squeeze($('title').first().text()), text: squeeze($('body').text() || $.root().text()) };
}

/** A page read for its words alone (an error page, to know it again), without looking for links. */
export function textOfPage(bytes: Uint8Array): { title: string; text: string } {
  return titleAndText(cheerio.load(decodeText(bytes, { html: true })));
}
