/**
 * `jixiao search TEXT`: where the text occurs, with file (or web address, when crawled), page and a snippet;
 * `--section TAG` looks in those sections only.
 */
import { openStore } from '../store/db.js';
import { searchSections, searchText } from '../store/read.js';
import { printable } from './terminal.js';

export interface SearchOptions {
  db: string;
  limit: number;
  json?: boolean;
  section?: string;
}

export function runSearch(text: string, options: SearchOptions): number {
  const db = openStore(options.db, { readonly: true });
  try {
    if (options.section) {
      const hits = searchSections(db, options.section, text, options.limit);
      if (options.json) process.stdout.write(`${JSON.stringify(hits, null, 1)}\n`);
      else for (const hit of hits) process.stdout.write(`${printable(hit.path)}\tp.${hit.page ?? '-'}\t${printable(hit.heading)}\t${printable(hit.snippet)}\n`);
      return hits.length ? 0 : 1;
    }
    const hits = searchText(db, text, options.limit);
    if (options.json) process.stdout.write(`${JSON.stringify(hits, null, 1)}\n`);
    else for (const hit of hits) process.stdout.write(`${printable(hit.url ?? hit.path)}\tp.${hit.page ?? '-'}\t${hit.match === 'partial' ? '≈ ' : ''}${printable(hit.snippet)}\n`);
    return hits.length ? 0 : 1;
  } finally {
    db.close();
  }
}
