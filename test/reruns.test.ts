/**
 * Running ingest again does what a person means: a file whose last reading failed is read again,
 * a second path with stored bytes is recorded as a copy, `--reprocess` re-reads only the paths
 * given, failures group by kind, and an error of the store itself stops the batch without being
 * recorded as any file's failure.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, inProcessRunner } from '../src/ingest/run.js';
import { canMountSmallFileSystem, fillingStore, query, smallFileSystem } from './support/full-store.js';
import { FIXTURES } from './support/golden.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const jixiao = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args, '--no-progress'], { encoding: 'utf8' });
const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-reruns-'));

/** Copies of fixture reports, each made distinct by a harmless trailer. */
function reports(count: number, folder = temp()): string {
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < count; i++) {
    const [file, trailer] = i % 2 ? ['jiangmen-2021.txt', `\n副本 ${i}\n`] : ['project-2021.html', `\n<!-- copy ${i} -->\n`];
    const target = path.join(folder, `${i}-${file}`);
    copyFileSync(path.join(FIXTURES, file), target);
    appendFileSync(target, trailer);
  }
  return folder;
}

describe('a file whose last reading failed', () => {
  it('is read again by a plain re-run, which says retried and exits 1 while it still fails', () => {
    const database = path.join(temp(), 'db.sqlite');
    const bad = path.join(FIXTURES, 'bad');
    expect(jixiao('ingest', bad, '--db', database).status).toBe(1);
    const again = jixiao('ingest', bad, '--db', database, '--json');
    expect(again.status).toBe(1);
    const summary = JSON.parse(again.stdout);
    expect(summary).toMatchObject({ retried: 4, skipped: 2, ingested: 0 });
    expect(summary.failed).toHaveLength(4);
    expect(summary.failedByKind).toEqual({ damaged: 2, empty: 1, encrypted: 1 });
    // One row per content still: a retry rewrites the failed document, it adds none.
    expect(query(database, `SELECT error_kind, count(*) AS n FROM documents WHERE status = 'failed' GROUP BY error_kind ORDER BY error_kind`)).toEqual([
      { error_kind: 'damaged', n: 2 },
      { error_kind: 'empty', n: 1 },
      { error_kind: 'encrypted', n: 1 },
    ]);
  });

  it('failed for a limit of the run (--no-ocr) is read in full by the next run, which exits 0', { timeout: 120_000 }, () => {
    const database = path.join(temp(), 'db.sqlite');
    const scan = path.join(FIXTURES, 'jiangmen-2021-scanned.pdf');
    const first = jixiao('ingest', scan, '--db', database, '--no-ocr', '--json');
    expect(first.status).toBe(1);
    expect(JSON.parse(first.stdout).failed[0].kind).toBe('no_text_layer');
    const again = jixiao('ingest', scan, '--db', database, '--json');
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ingested: 1, retried: 1, skipped: 0, failed: [] });
    expect(query(database, 'SELECT status, error, error_kind, ocr FROM documents')).toEqual([{ status: 'ok', error: null, error_kind: null, ocr: 1 }]);
    expect(query<{ n: number }>(database, 'SELECT count(*) AS n FROM reports')[0].n).toBe(1);
  });

  it('shows retried in the summary for people', () => {
    const database = path.join(temp(), 'db.sqlite');
    const encrypted = path.join(FIXTURES, 'bad/encrypted.pdf');
    jixiao('ingest', encrypted, '--db', database);
    const again = jixiao('ingest', encrypted, '--db', database);
    expect(again.stdout).toContain('ingested 0, retried 1, skipped 0 (already stored), failed 1 (encrypted 1)');
    expect(again.status).toBe(1);
  });
});

describe('a second path with the same bytes', () => {
  it('is recorded as a copy of the stored document and listed, in one batch or a later one', () => {
    const folder = temp();
    copyFileSync(path.join(FIXTURES, 'project-2021.html'), path.join(folder, 'a.html'));
    copyFileSync(path.join(FIXTURES, 'project-2021.html'), path.join(folder, 'b.html'));
    const database = path.join(temp(), 'db.sqlite');
    const first = jixiao('ingest', folder, '--db', database, '--json');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      files: 2,
      ingested: 1,
      copies: [{ path: path.join(folder, 'b.html'), copyOf: path.join(folder, 'a.html') }],
    });
    const later = path.join(temp(), 'c.html');
    copyFileSync(path.join(FIXTURES, 'project-2021.html'), later);
    const second = jixiao('ingest', later, '--db', database);
    expect(second.stdout).toContain(`copy: ${later} (same bytes as ${path.join(folder, 'a.html')})`);
    expect(query(database, 'SELECT d.path AS original, c.path FROM file_copies c JOIN documents d ON d.id = c.document_id ORDER BY c.id')).toEqual([
      { original: path.join(folder, 'a.html'), path: path.join(folder, 'b.html') },
      { original: path.join(folder, 'a.html'), path: later },
    ]);
    expect(query(database, 'SELECT count(*) AS n FROM documents')).toEqual([{ n: 1 }]);
    // Seen again, a copy is neither stored twice nor listed twice.
    jixiao('ingest', folder, later, '--db', database);
    expect(query(database, 'SELECT count(*) AS n FROM file_copies')).toEqual([{ n: 2 }]);
  });
});

describe('--reprocess', () => {
  it('re-reads only the stored documents under the paths given, and every one when none is given', () => {
    const root = temp();
    reports(2, path.join(root, 'first'));
    const second = reports(3, path.join(root, 'second'));
    // Distinct from the first folder's files: other trailers.
    for (const [i, file] of ['0-project-2021.html', '1-jiangmen-2021.txt', '2-project-2021.html'].entries())
      appendFileSync(path.join(second, file), `\n第二批 ${i}\n`);
    const database = path.join(temp(), 'db.sqlite');
    expect(jixiao('ingest', root, '--db', database).status).toBe(0);
    const some = jixiao('ingest', second, '--reprocess', '--db', database, '--json');
    expect(JSON.parse(some.stdout)).toMatchObject({ reprocessed: 3, ingested: 0, skipped: 0 });
    const all = jixiao('ingest', '--reprocess', '--db', database, '--json');
    expect(all.status).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ reprocessed: 5 });
  });

  it('needs paths when it is not given', () => {
    const run = jixiao('ingest', '--db', path.join(temp(), 'db.sqlite'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('name files or folders to ingest, or use --reprocess');
  });
});

describe('an error of the store itself', () => {
  it('stops the batch with one line, records no file as failed, and a re-run after space returns stores every file', async () => {
    const folder = reports(8);
    const database = path.join(temp(), 'db.sqlite');
    await expect(ingest([folder], { database, runner: inProcessRunner(), maxInFlight: 1, openStore: fillingStore(40) })).rejects.toThrow(
      new RegExp(
        `^cannot write to the database ${database.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: database or disk is full \\(SQLITE_FULL\\); the files not yet stored are read again on the next run$`,
      ),
    );
    const stored = query<{ status: string; n: number }>(database, 'SELECT status, count(*) AS n FROM documents GROUP BY status');
    expect(stored.every((row) => row.status === 'ok')).toBe(true);
    const before = stored.reduce((sum, row) => sum + row.n, 0);
    expect(before).toBeLessThan(8);

    const again = await ingest([folder], { database, runner: inProcessRunner() });
    expect(again).toMatchObject({ ingested: 8 - before, skipped: before, failed: [] });
    expect(query(database, `SELECT status, count(*) AS n FROM documents GROUP BY status`)).toEqual([{ status: 'ok', n: 8 }]);
  });

  it.skipIf(!canMountSmallFileSystem())(
    'on a real full disk, the command exits 1 with one line on stderr; after space returns a re-run stores every file',
    { timeout: 120_000 },
    () => {
      const small = smallFileSystem('2m')!;
      try {
        const folder = reports(40);
        const database = path.join(small.folder, 'db.sqlite');
        const full = jixiao('ingest', folder, '--db', database, '--jobs', '1');
        expect(full.status).toBe(1);
        expect(full.stderr).toMatch(
          new RegExp(
            `^jixiao: cannot write to the database ${database.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [^\n]+ \\(SQLITE_(FULL|IOERR)[A-Z_]*\\); the files not yet stored are read again on the next run\n$`,
          ),
        );
        small.grow('64m');
        const stored = query<{ status: string; n: number }>(database, 'SELECT status, count(*) AS n FROM documents GROUP BY status');
        expect(stored.filter((row) => row.status !== 'ok')).toEqual([]);
        const again = jixiao('ingest', folder, '--db', database, '--json', '--jobs', '1');
        expect(again.status).toBe(0);
        expect(JSON.parse(again.stdout)).toMatchObject({ files: 40, failed: [] });
        expect(query(database, 'SELECT status, count(*) AS n FROM documents GROUP BY status')).toEqual([{ status: 'ok', n: 40 }]);
      } finally {
        small.remove();
      }
    },
  );
});
