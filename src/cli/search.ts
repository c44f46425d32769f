/** `jixiao search TEXT`: where the text occurs, with file (or web address, when crawled), page and a snippet. */
import { openStore } from '../store/db.js';
import { searchText } from '../store/read.js';

export function runSearch(text: string, options: { db: string; limit: number; json?: boolean }): number {
  const db = openStore(options.db, { readonly: true });
  try {
    const hits = searchText(db, text, options.limit);
    if (options.json) process.stdout.write(`${JSON.stringify(hits, null, 1)}\n`);
    else for (const hit of hits) process.stdout.write(`${hit.url ?? hit.path}\tp.${hit.page ?? '-'}\t${hit.match === 'partial' ? '≈ ' : ''}${hit.snippet}\n`);
    return hits.length ? 0 : 1;
  } finally {
    db.close();
  }
}
