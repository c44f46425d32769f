/**
 * The sample outputs in README.md and docs/*.md, generated from the demo database (the README's first
 * command: `jixiao ingest fixtures --exclude fixtures/bad`). A sample is a ```sql block followed by an
 * `<!-- output -->` line and the rows it returns as a Markdown table; test/demo.test.ts checks every one
 * against a fresh demo database, so a sample can never drift from what the code prints.
 *
 * Usage: npm run build && npx tsx scripts/samples.ts   (rewrites the tables in place)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const OUTPUT_MARK = '<!-- output -->';
const SAMPLE = /```sql\n([\s\S]*?)```\n<!-- output -->\n((?:\|.*\n?)*)/g;

/** The documents that carry samples. */
export function sampleFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name));
  return ['README.md', ...docs];
}

/** The README's first command after `npm ci &&`: what a newcomer runs first. */
export function firstCommand(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return /```sh\n(?:npm ci && )?npx jixiao ([^\n]+)\n/.exec(readme)![1].split(/\s+/);
}

/** A cell as Markdown: one line, pipes escaped, a path inside the repository relative to it (the same on every clone). */
const cellText = (value: unknown) =>
  value === null || value === undefined
    ? ''
    : String(value).split(`${ROOT}${path.sep}`).join('').replace(/\|/g, '\\|').replace(/\n/g, '<br>').replace(/\s+$/, '');

/** Rows as a Markdown table (a header and no rows when there are none). */
export function markdownTable(columns: string[], rows: Record<string, unknown>[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map((row) => line(columns.map((c) => cellText(row[c]))))].join('\n') + '\n';
}

export interface Sample {
  sql: string;
  /** The table as the document prints it. */
  printed: string;
}

export function samplesIn(markdown: string): Sample[] {
  return [...markdown.matchAll(SAMPLE)].map((m) => ({ sql: m[1].trim(), printed: m[2] }));
}

export function runSample(db: Database.Database, sql: string): string {
  const statement = db.prepare(sql);
  return markdownTable(
    statement.columns().map((c) => c.name),
    statement.all() as Record<string, unknown>[],
  );
}

/** The document with every sample's table replaced by what its query returns now. */
export function withSamples(markdown: string, db: Database.Database): string {
  return markdown.replace(SAMPLE, (_, sql: string) => `\`\`\`sql\n${sql}\`\`\`\n${OUTPUT_MARK}\n${runSample(db, sql.trim())}`);
}

/** Runs the README's first command into a new database with the built CLI; returns its path. */
export function demoDatabase(): string {
  const database = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-demo-')), 'demo.sqlite');
  const run = spawnSync(process.execPath, ['dist/bin/cli.js', ...firstCommand(), '--db', database, '--json', '--no-progress'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the first command failed: ${run.stderr || run.stdout}`);
  return database;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const db = new Database(process.argv[2] ?? demoDatabase(), { readonly: true });
  for (const file of sampleFiles()) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const updated = withSamples(text, db);
    if (updated !== text) writeFileSync(path.join(ROOT, file), updated);
    console.log(`${file}: ${samplesIn(text).length} samples${updated !== text ? ', rewritten' : ''}`);
  }
}
