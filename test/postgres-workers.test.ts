/**
 * Many workers, one store: ingest processes writing to one PostgreSQL database at once store every
 * document once, and a worker killed mid-run loses nothing (the next run finishes what it left).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support/golden.js';
import { freshDatabase, queryRows as query, testServer } from './support/postgres.js';
import { CLI, spawnCli } from './support/spawn-cli.js';

const server = testServer();

/** The fixtures' documents (not their golden records), each once, in a folder of their own. */
function documentsFolder(): { folder: string; files: string[] } {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-workers-'));
  const files = readdirSync(FIXTURES).filter((name) => /\.(pdf|docx?|html|txt|xlsx?)$/.test(name));
  for (const name of files) copyFileSync(path.join(FIXTURES, name), path.join(folder, name));
  return { folder, files };
}

/** Each content once, and each document whole: a readable one has its report. */
async function storedOnce(url: string) {
  const [counts] = await query<{ documents: number; contents: number; paths: number; ok: number; reports: number }>(
    url,
    `SELECT count(*)::int AS documents, count(DISTINCT sha256)::int AS contents, count(DISTINCT path)::int AS paths,
            count(*) FILTER (WHERE status = 'ok')::int AS ok, (SELECT count(*)::int FROM reports) AS reports FROM documents`,
  );
  return counts;
}

describe.skipIf(!server.url)(`many workers, one PostgreSQL store${server.url ? '' : ` (skipped: ${server.reason})`}`, () => {
  it('stores every document once when two ingests over overlapping folders run at once', async () => {
    const url = await freshDatabase(server.url!);
    const { folder, files } = documentsFolder();
    // The second folder holds half of the first's files under the same paths, and all of them as copies elsewhere.
    const elsewhere = path.join(folder, 'copies');
    mkdirSync(elsewhere);
    for (const name of files) copyFileSync(path.join(folder, name), path.join(elsewhere, name));
    const [first, second] = await Promise.all([
      spawnCli('ingest', folder, '--db', url, '--no-ocr', '--jobs', '1', '--json', '--exclude', elsewhere),
      spawnCli(
        'ingest',
        elsewhere,
        ...files.slice(0, files.length / 2).map((name) => path.join(folder, name)),
        '--db',
        url,
        '--no-ocr',
        '--jobs',
        '1',
        '--json',
      ),
    ]);
    const summaries = [first, second].map((run) => JSON.parse(run.stdout));
    expect(summaries.flatMap((summary) => summary.failed.map((f: { error: string }) => f.error)).filter((error: string) => /storing/.test(error))).toEqual([]);
    const counts = await storedOnce(url);
    // The fixtures include the same report in several formats, but every file's bytes are its own.
    expect(counts).toMatchObject({ documents: files.length, contents: files.length, ok: counts.reports });
    // Each readable document's other path is its copy. (A document stored as failed is read again from
    // the other path, a retry, as one process does on its next run: that path is no copy.)
    const [{ copies }] = await query<{ copies: number }>(
      url,
      `SELECT count(*)::int AS copies FROM file_copies c JOIN documents d ON d.id = c.document_id WHERE d.status = 'ok'`,
    );
    expect(counts.ok).toBeGreaterThan(10);
    expect(copies).toBe(counts.ok);
  }, 300_000);

  it('loses nothing when a worker is killed (kill -9) mid-run: the next run stores the rest, each once', async () => {
    const url = await freshDatabase(server.url!);
    const { folder, files } = documentsFolder();
    await spawnCli('ingest', path.join(folder, files[0]), '--db', url, '--no-ocr');
    const child = spawn(process.execPath, [CLI, 'ingest', folder, '--db', url, '--no-ocr', '--jobs', '1', '--no-progress']);
    // Killed once it has stored a few documents, in the middle of the batch.
    for (let stored = 1; stored < 4;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      stored = (await storedOnce(url)).documents;
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const killed = await storedOnce(url);
    expect(killed.documents).toBeLessThan(files.length);
    expect(killed.ok).toBe(killed.reports);
    const again = await spawnCli('ingest', folder, '--db', url, '--no-ocr', '--json');
    // What the killed run stored is skipped (or, if it was stored as failed, read again: retried), never stored twice.
    const summary = JSON.parse(again.stdout);
    expect(summary.skipped + summary.retried).toBe(killed.documents);
    expect(await storedOnce(url)).toMatchObject({ documents: files.length, contents: files.length, paths: files.length });
  }, 300_000);
});
