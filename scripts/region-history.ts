/**
 * Writes src/vocabulary/region-history.json: the changes to China's county-level-and-above divisions
 * over the years reports cover, so a report is resolved against the names as they stood in its year.
 *
 *   npx tsx scripts/region-history.ts DIR
 *
 * DIR holds the Ministry of Civil Affairs' yearly code lists (中华人民共和国县级以上行政区划代码, as of
 * 31 December of each year), one file a year named YYYY.txt with lines `code name`; the CC0 collection
 * of those lists by the areacodes project (data/YYYY.txt) has that form. Only what changed within the
 * window is written: a code and name that stood unchanged through every year of it is in the current
 * list the package ships and needs no entry. Run it again when a new year's list is published.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';

const FIRST_YEAR = 2014;
const LAST_YEAR = 2024;
const OUT = 'src/vocabulary/region-history.json';

interface Run {
  code: string;
  name: string;
  parent: string | null;
  from: number;
  to: number;
}

function readYear(dir: string, year: number): Map<string, string> {
  const list = new Map<string, string>();
  for (const line of readFileSync(path.join(dir, `${year}.txt`), 'utf8').split('\n')) {
    const [code, name] = line.trim().split(/\s+/);
    if (code && name && /^\d{6}$/.test(code)) list.set(code, name);
  }
  return list;
}

/** The division a code belongs to in that year's list: its prefecture if listed, else its province. */
function parentIn(list: Map<string, string>, code: string): string | null {
  if (code.endsWith('0000')) return null;
  const prefecture = `${code.slice(0, 4)}00`;
  if (!code.endsWith('00') && list.has(prefecture)) return prefecture;
  return `${code.slice(0, 2)}0000`;
}

async function main(dir: string): Promise<void> {
  const runs: Run[] = [];
  const open = new Map<string, Run>();
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    const list = readYear(dir, year);
    for (const [key, run] of open) {
      if (list.get(run.code) !== run.name) {
        runs.push(run);
        open.delete(key);
      }
    }
    for (const [code, name] of list) {
      const key = `${code} ${name}`;
      const run = open.get(key);
      if (run) {
        run.to = year;
        run.parent = parentIn(list, code);
      } else open.set(key, { code, name, parent: parentIn(list, code), from: year, to: year });
    }
  }
  runs.push(...open.values());
  const changed = runs
    .filter((run) => run.from > FIRST_YEAR || run.to < LAST_YEAR)
    .sort((a, b) => a.code.localeCompare(b.code) || a.from - b.from)
    // A year at the window's edge means "already then" or "still then", so it is left open.
    .map((run) => [run.code, run.name, run.parent, run.from > FIRST_YEAR ? run.from : null, run.to < LAST_YEAR ? run.to : null]);
  const file = {
    source: 'Ministry of Civil Affairs, 中华人民共和国县级以上行政区划代码, yearly lists as of 31 December (CC0 collection: areacodes, data/YYYY.txt)',
    first_year: FIRST_YEAR,
    last_year: LAST_YEAR,
    columns: ['code', 'name', 'parent', 'valid_from', 'valid_to'],
    changes: changed,
  };
  writeFileSync(OUT, await format(JSON.stringify(file), { ...(await resolveConfig(OUT)), filepath: OUT }));
  console.log(`${OUT}: ${changed.length} changes ${FIRST_YEAR}–${LAST_YEAR}`);
}

await main(process.argv[2] ?? '');
