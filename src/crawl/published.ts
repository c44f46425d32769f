/**
 * The publication date a government page shows: a `<meta>` the site's CMS writes (PubDate,
 * article:published_time …), else a labelled line (发布时间：2022-03-18, 发布日期: 2022年3月18日).
 * Dates come out as YYYY-MM-DD.
 */
import type { CheerioAPI } from 'cheerio';

const META_NAMES = ['pubdate', 'publishdate', 'article:published_time', 'firstpublishedtime', 'dc.date', 'dc.date.issued', 'date'];
const DATE = /(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})/;
const LABELLED = new RegExp(`(?:发布时间|发布日期|发文日期|成文日期|公开日期|發佈時間|發布時間|發佈日期|發布日期)\\s*[:：]?\\s*${DATE.source}`);

function isoDate(year: string, month: string, day: string): string | null {
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  if (y < 1949 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The first date written in a piece of text (2022-03-18, 2022/3/18, 2022年3月18日), if any. */
export function dateInText(text: string): string | null {
  const match = DATE.exec(text);
  return match ? isoDate(match[1], match[2], match[3]) : null;
}

/** The date a page says it was published, from its metadata or a labelled line in its text. */
export function publishedDateOfPage($: CheerioAPI): string | null {
  for (const meta of $('meta[name], meta[property]').toArray()) {
    const name = (meta.attribs.name ?? meta.attribs.property ?? '').toLowerCase();
    if (META_NAMES.includes(name)) {
      const date = dateInText(meta.attribs.content ?? '');
      if (date) return date;
    }
  }
  const labelled = LABELLED.exec($('body').text());
  return labelled ? isoDate(labelled[1], labelled[2], labelled[3]) : null;
}
