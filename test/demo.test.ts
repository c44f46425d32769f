/**
 * The README's first command as a newcomer runs it: it reads every bundled report and succeeds, the demo
 * folder holds reports only, and every sample output in README.md and docs/ is what the code prints now.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../src/ingest/files.js';
import { demoDatabase, firstCommand, ROOT, runSample, sampleFiles, samplesIn } from '../scripts/samples.js';

const FIRST_COMMAND = firstCommand();
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe("README's first command", () => {
  it('is an ingest of the bundled reports that leaves out the broken ones', () => {
    expect(FIRST_COMMAND).toEqual(['ingest', 'fixtures', '--exclude', 'fixtures/bad']);
  });

  it('meets reports only: no crawl-test site (robots.txt, listing pages) in the demo folder', async () => {
    const files = await listFiles([path.join(ROOT, 'fixtures')], [path.join(ROOT, 'fixtures/bad')]);
    expect(files.filter((file) => path.basename(file) === 'robots.txt')).toEqual([]);
  });
});

describe('the sample outputs in README.md and docs/', () => {
  let db: Database.Database;
  beforeAll(() => {
    // Runs the first command (all bundled reports, scans by OCR) with the built CLI and exits 0, or throws.
    db = new Database(demoDatabase(), { readonly: true });
  }, 600_000);

  it('ingests every bundled report, scans included, with no failure (the command exits 0)', () => {
    expect(db.prepare(`SELECT count(*) AS n FROM documents WHERE status = 'failed'`).get()).toEqual({ n: 0 });
    expect((db.prepare(`SELECT count(*) AS n FROM documents WHERE ocr = 1`).get() as { n: number }).n).toBeGreaterThan(0);
  });

  it.each(sampleFiles().filter((file) => samplesIn(readFileSync(path.join(ROOT, file), 'utf8')).length))(
    '%s: every table is what its query returns (regenerate: npx tsx scripts/samples.ts)',
    (file) => {
      for (const sample of samplesIn(readFileSync(path.join(ROOT, file), 'utf8')))
        expect([sample.sql, sample.printed]).toEqual([sample.sql, runSample(db, sample.sql)]);
    },
  );

  it('README lists exactly the failures of `ingest fixtures/bad`', () => {
    const listed = [...readme.matchAll(/^#\s+failed: …\/(fixtures\/bad\/\S+): (.+)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
    const run = spawnSync(process.execPath, ['dist/bin/cli.js', 'ingest', 'fixtures/bad', '--db', ':memory:', '--json', '--no-progress'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const failed = (JSON.parse(run.stdout).failed as { path: string; error: string }[]).map(
      (f) => `${path.relative(ROOT, path.resolve(ROOT, f.path))}: ${f.error}`,
    );
    expect(listed.sort()).toEqual(failed.sort());
  }, 120_000);
});
