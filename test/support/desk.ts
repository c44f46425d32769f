/** A desk over a database of fixture reports, for the serve tests: requests with any Host header and raw paths. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ingest, inProcessRunner } from '../../src/ingest/run.js';
import { FIXTURES } from './golden.js';

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
