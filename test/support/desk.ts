/** A desk over a database of fixture reports, for the serve tests: requests with any Host header and raw paths. */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { ingest, inProcessRunner } from '../../src/ingest/run.js';
import { FIXTURES } from './golden.js';
import { CLI } from './spawn-cli.js';

export const temp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

/** A database of these fixture files, copied into a folder of their own first; resolves to the database and the folder. */
export async function fixtureDatabase(files: string[]): Promise<{ database: string; folder: string }> {
  const folder = temp('jixiao-desk-files-');
  for (const file of files) copyFileSync(path.join(FIXTURES, file), path.join(folder, path.basename(file)));
  const database = path.join(temp('jixiao-desk-db-'), 'db.sqlite');
  await ingest([folder], { database, runner: inProcessRunner() });
  return { database, folder };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** GET a raw path (sent as written: nothing normalises `..` or encodings) with the Host header given. */
export function get(port: number, rawPath: string, host = `127.0.0.1:${port}`, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: rawPath, method, headers: { host } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, text: body.toString('utf8') });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

/** Rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks); a leading byte-order mark is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\ufeff/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

// ---- the safety rules, asked of any desk (over SQLite in serve.test.ts, over PostgreSQL in serve-postgres.test.ts) ----

/** SQL as a value, in every parameter of every page. */
export const SQL_VALUE = `' OR 1=1; DROP TABLE reports; --`;

/** Paths that climb out, plain or encoded, for files and assets alike, are refused and read nothing. */
export async function expectClimbingRefused(port: number): Promise<void> {
  for (const address of [
    '/file/../../etc/passwd',
    '/file/..%2F..%2Fetc%2Fpasswd',
    '/file/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/file/1/../../../etc/passwd',
    '/assets/pdfjs/cmaps/..%2F..%2Fpackage.json',
    '/assets/pdfjs/../../package.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '//etc/passwd',
  ]) {
    const answer = await get(port, address);
    expect([400, 404], address).toContain(answer.status);
    expect(answer.text).not.toContain('root:');
    expect(answer.text).not.toContain('"name": "jixiao"');
  }
}

/** SQL in every parameter is taken as a value: no error, no rows matched (the caller checks nothing changed). */
export async function expectSqlTakenAsValue(port: number, lists: readonly string[], listParams: readonly string[]): Promise<void> {
  for (const list of lists) {
    for (const param of listParams) {
      const answer = await get(port, `/list/${list}?${param}=${encodeURIComponent(SQL_VALUE)}`);
      expect([200, 400], `${list} ${param}`).toContain(answer.status);
      if (answer.status === 200) expect(answer.text, `${list} ${param}`).toContain('共 <b id="total">0</b> 行');
    }
  }
  for (const address of [
    `/search?q=${encodeURIComponent(SQL_VALUE)}`,
    `/search?q=x&section=${encodeURIComponent(SQL_VALUE)}`,
    `/charts?department=${encodeURIComponent(SQL_VALUE)}`,
    `/report/${encodeURIComponent(SQL_VALUE)}`,
    `/source/indicator/1/${encodeURIComponent(SQL_VALUE)}`,
    `/source/${encodeURIComponent(SQL_VALUE)}/1/actual`,
    `/list/${encodeURIComponent(SQL_VALUE)}`,
  ]) {
    expect([200, 400, 404], address).toContain((await get(port, address)).status);
  }
}

/** Unknown and repeated parameters, and values out of their range, are a 400. */
export async function expectBadParametersRefused(port: number): Promise<void> {
  for (const address of [
    '/list/missed_targets?foo=1',
    '/list/missed_targets?page=0',
    '/list/missed_targets?size=7',
    '/list/missed_targets?year=20x1',
    '/list/missed_targets?kind=x',
    '/list/missed_targets?sort=nonexistent',
    '/list/missed_targets?dir=up',
    '/list/missed_targets?page=1&page=2',
    '/report/1?x=1',
  ])
    expect((await get(port, address)).status, address).toBe(400);
}

/** Only GET and HEAD; on 127.0.0.1, only requests addressed to it at its port (DNS rebinding). */
export async function expectOnlyLoopbackReads(port: number): Promise<void> {
  expect((await get(port, '/', undefined, 'POST')).status).toBe(405);
  expect((await get(port, '/', undefined, 'HEAD')).status).toBe(200);
  expect((await get(port, '/', 'evil.example')).status).toBe(403);
  expect((await get(port, '/', `evil.example:${port}`)).status).toBe(403);
  expect((await get(port, '/', `127.0.0.1:${port + 1}`)).status).toBe(403);
  expect((await get(port, '/', `localhost:${port}`)).status).toBe(200);
}

/** Every rule above, asked of one desk. */
export async function expectSafetyRules(port: number, lists: readonly string[], listParams: readonly string[]): Promise<void> {
  await expectClimbingRefused(port);
  await expectBadParametersRefused(port);
  await expectOnlyLoopbackReads(port);
  await expectSqlTakenAsValue(port, lists, listParams);
}

/** `jixiao serve` (the built command) in a child process, once it says where it listens; `stop` ends it. */
export function serveCli(env: Record<string, string>, ...args: string[]): Promise<{ port: number; said: () => string; stop: () => void }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let said = '';
    child.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const port = /at http:\/\/127\.0\.0\.1:(\d+)\//.exec(said)?.[1];
      if (port) resolve({ port: Number(port), said: () => said, stop: () => child.kill() });
    });
    child.on('exit', (status) => reject(new Error(`jixiao serve exited with ${status}: ${said}`)));
  });
}
