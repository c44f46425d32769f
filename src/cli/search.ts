/**
 * `jixiao search TEXT`: which reports hold the text, one line each, with the file (or web address,
 * when crawled) and page of one copy, the department and year, how many copies hold it, and a
 * snippet; `--section TAG` looks in those sections only. What was left out or only nearly matched is
 * said on stderr, so stdout stays one hit per line.
 */
import type { SearchHit } from '../store/read.js';
import { openDocumentStore } from '../store/store.js';
import { printable } from './terminal.js';

export interface SearchCommandOptions {
  db: string;
  limit: number;
  json?: boolean;
  section?: string;
}

function hitLine(hit: SearchHit): string {
  const report = `${hit.department ?? '-'} ${hit.year ?? '-'}${hit.copies > 1 ? ` (${hit.copies} copies)` : ''}`;
  const fields = [
    hit.url ?? hit.path,
    `p.${hit.page ?? '-'}`,
    ...(hit.heading !== undefined ? [hit.heading] : []),
    report,
    `${hit.match === 'partial' ? '≈ ' : ''}${hit.snippet}`,
  ];
  return `${fields.map(printable).join('\t')}\n`;
}

export async function runSearch(terms: string | string[], options: SearchCommandOptions): Promise<number> {
  // `jixiao search 绩效 自评` and `jixiao search "绩效 自评"` ask the same: both terms.
  const text = [terms].flat().join(' ');
  const db = await openDocumentStore(options.db, { readonly: true });
  try {
    const { hits, total } = await db.search(text, { limit: options.limit, section: options.section });
    if (options.json) process.stdout.write(`${JSON.stringify(hits, null, 1)}\n`);
    else for (const hit of hits) process.stdout.write(hitLine(hit));
    if (!hits.length) process.stderr.write(`jixiao: nothing found for "${text}"${options.section ? ` in the ${options.section} sections` : ''}\n`);
    else if (hits[0].match === 'partial') process.stderr.write(`jixiao: "${text}" occurs nowhere; ≈ marks texts holding most of it\n`);
    if (total > hits.length) process.stderr.write(`jixiao: ${hits.length} of ${total} reports shown (--limit)\n`);
    return hits.length ? 0 : 1;
  } finally {
    await db.close();
  }
}
