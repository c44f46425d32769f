/**
 * What a hostile or careless world hands a batch, and what each should come to: files named wrongly
 * read as what their bytes are (with a warning), files that are not files refused at once, links
 * followed once, unsupported files counted, text decoded as the UTF-8 it mostly is, a read that
 * yields nothing said so, a workbook's stray far cell read, and every reason in our words.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/extract/decode.js';
import { errorKind, plainReason } from '../src/extract/errors.js';
import { extractBytes } from '../src/extract/index.js';
import { documentText } from '../src/extract/model.js';
import { listBatch } from '../src/ingest/files.js';
import { readBytesForStore, readForStore } from '../src/ingest/read.js';
import { FIXTURES } from './support/golden.js';
import { deflatedEntry, writeZip } from './support/hostile.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const jixiao = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args, '--no-progress'], { encoding: 'utf8', timeout: 60_000 });
const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-reading-'));
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

describe('the format comes from the bytes, the extension second', () => {
  it.each([
    ['a DOCX named .doc', 'project-2021.docx', 'doc', 'docx', 'the bytes are DOCX although the name says Word .doc: read as DOCX'],
    ['HTML saved as .xls', 'project-2021.html', 'xls', 'html', 'the bytes are HTML although the name says XLS: read as HTML'],
    ['an XLSX named .xls', 'project-2021.xlsx', 'xls', 'xlsx', 'the bytes are XLSX although the name says XLS: read as XLSX'],
    ['a Word .doc named .docx', 'project-2021.doc', 'docx', 'doc', 'the bytes are Word .doc although the name says DOCX: read as Word .doc'],
  ] as const)('reads %s, with a warning', async (_, file, named, format, warning) => {
    const document = await extractBytes(fixture(file), named);
    expect(document.format).toBe(format);
    expect(document.warnings?.[0]).toBe(warning);
    expect(documentText(document)).toContain('绩效');
  });

  it('stores a .wps that is a DOCX, with the format its bytes have, and counts it as read with warnings', () => {
    const folder = temp();
    copyFileSync(path.join(FIXTURES, 'project-2021.docx'), path.join(folder, 'report.wps'));
    const database = path.join(temp(), 'db.sqlite');
    const run = jixiao('ingest', folder, '--db', database, '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ingested: 1, withWarnings: 1, failed: [] });
  });

  it('counts and lists the files of a folder it does not read, by extension', () => {
    const folder = temp();
    copyFileSync(path.join(FIXTURES, 'project-2021.html'), path.join(folder, 'report.html'));
    for (const name of ['a.rar', 'b.ofd', 'c.ofd', 'README']) writeFileSync(path.join(folder, name), 'x');
    const run = jixiao('ingest', folder, '--db', path.join(temp(), 'db.sqlite'));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('  not read, unsupported formats: .ofd 2, .rar 1, (none) 1\n');
  });
});

describe('only regular files are read', () => {
  it('refuses a FIFO and /dev/zero named on the command line at once, each a failure with its reason', () => {
    const folder = temp();
    const fifo = path.join(folder, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const run = jixiao('ingest', fifo, '/dev/zero', path.join(FIXTURES, 'project-2021.html'), '--db', path.join(temp(), 'db.sqlite'), '--json');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.status).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ files: 3, ingested: 1 });
    expect(summary.failed).toEqual([
      { path: fifo, error: 'not a regular file (a FIFO, device or socket): only files are read', kind: 'unsupported' },
      { path: '/dev/zero', error: 'not a regular file (a FIFO, device or socket): only files are read', kind: 'unsupported' },
    ]);
  });

  it('refuses a FIFO in extract too, at once', () => {
    const fifo = path.join(temp(), 'pipe.pdf');
    execFileSync('mkfifo', [fifo]);
    const run = spawnSync(process.execPath, [CLI, 'extract', fifo], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`jixiao: ${fifo}: not a regular file (a FIFO, device or socket): only files are read\n`);
  });

  it('follows a link in a folder once, reports a loop and a broken link, and lists a FIFO as not read', async () => {
    const root = temp();
    const folder = path.join(root, 'reports');
    mkdirSync(folder);
    copyFileSync(path.join(FIXTURES, 'project-2021.html'), path.join(root, 'elsewhere.html'));
    symlinkSync(path.join(root, 'elsewhere.html'), path.join(folder, 'linked.html'));
    symlinkSync(folder, path.join(folder, 'loop'));
    symlinkSync(path.join(root, 'gone.pdf'), path.join(folder, 'broken.pdf'));
    execFileSync('mkfifo', [path.join(folder, 'pipe.txt')]);
    const listing = await listBatch([folder]);
    expect(listing.files).toEqual([path.join(folder, 'linked.html')]);
    expect([...listing.skipped].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: path.join(folder, 'broken.pdf'), reason: 'broken symbolic link' },
      { path: path.join(folder, 'loop'), reason: 'symbolic link loop: the folder is already being read' },
      { path: path.join(folder, 'pipe.txt'), reason: 'not a regular file (a FIFO, device or socket): only files are read' },
    ]);
    const run = jixiao('ingest', folder, '--db', path.join(temp(), 'db.sqlite'));
    expect(run.stdout).toContain(`  not read: ${path.join(folder, 'broken.pdf')}: broken symbolic link\n`);
  });
});

describe('text encodings', () => {
  const report = readFileSync(path.join(FIXTURES, 'jiangmen-2021.txt'), 'utf8');

  it('reads a UTF-8 text with a few damaged bytes as UTF-8, the damage as U+FFFD, and warns', async () => {
    const bytes = Buffer.from(report, 'utf8');
    for (const at of [200, 900, 1500]) bytes[at] = 0xff;
    const text = decodeText(bytes);
    expect(text.match(/\uFFFD/g)?.length).toBeGreaterThanOrEqual(3);
    expect(text).toContain('江门市');
    const read = await readBytesForStore('damaged.txt', bytes, 'txt');
    expect(read.outcome.ok && read.outcome.readingWarnings).toEqual([expect.stringMatching(/^\d+ characters could not be decoded/)]);
  });

  it('reads a text mixing GBK and UTF-8 lines, each line in its own encoding', () => {
    const lines = ['一、部门基本情况', '二、绩效目标完成情况', '三、预算执行率为百分之九十'];
    const bytes = Buffer.concat([iconv.encode(`${lines[0]}\n`, 'gbk'), Buffer.from(`${lines[1]}\n`, 'utf8'), iconv.encode(`${lines[2]}\n`, 'gbk')]);
    expect(decodeText(bytes)).toBe(`${lines.join('\n')}\n`);
  });

  it('still reads a GBK file as GBK', () => {
    expect(decodeText(iconv.encode(report, 'gbk'))).toBe(report);
  });
});

describe('a read that yields nothing it should', () => {
  it('is a warning: an HTML page without text is read with warnings, not a clean read', async () => {
    const folder = temp();
    writeFileSync(path.join(folder, 'blank.html'), '<!DOCTYPE html><html><body><img src="scan.png"></body></html>');
    const result = await readForStore(path.join(folder, 'blank.html'));
    expect(result.outcome.ok && result.outcome.readingWarnings).toEqual([
      'no text was read: the file yielded nothing (a scan whose images could not be read, or an empty document)',
    ]);
    const database = path.join(temp(), 'db.sqlite');
    const run = jixiao('ingest', folder, '--db', database, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ ingested: 1, withWarnings: 1 });
    const db = new Database(database, { readonly: true });
    expect(db.prepare('SELECT path, warning FROM needs_review').all()).toEqual([
      { path: path.join(folder, 'blank.html'), warning: expect.stringMatching(/^no text was read/) },
    ]);
    db.close();
  });
});

describe('workbooks', () => {
  it('reads a sheet with one stray cell at its far corner, the stray cell included', async () => {
    // Written into the sheet's XML: a writer would walk the whole stretched range.
    const { unzipSync } = await import('fflate');
    const parts = unzipSync(readFileSync(path.join(FIXTURES, 'project-2021.xlsx')));
    const entries = Object.entries(parts).map(([name, content]) => {
      if (name !== 'xl/worksheets/sheet1.xml') return deflatedEntry(name, content);
      const xml = Buffer.from(content)
        .toString('utf8')
        .replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')
        .replace('</sheetData>', '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>备注</t></is></c></row></sheetData>');
      return deflatedEntry(name, Buffer.from(xml, 'utf8'));
    });
    const bytes = writeZip(entries);
    const document = await extractBytes(new Uint8Array(bytes), 'xlsx');
    const text = documentText(document);
    expect(text).toContain('备注');
    expect(text).toContain(documentText(await extractBytes(fixture('project-2021.xlsx'), 'xlsx')).split('\n')[0]);
  });
});

describe('reasons in our words', () => {
  it('replaces what JavaScript says with what is wrong with the file', () => {
    expect(plainReason("damaged workbook: Cannot read properties of undefined (reading 'L')")).toBe(
      'damaged workbook: its structure is broken where the reader expected more data',
    );
    expect(plainReason('x is not a function', 'doc')).toBe('damaged DOC: its structure is broken where the reader expected more data');
    expect(plainReason('password required: the PDF is encrypted')).toBe('password required: the PDF is encrypted');
  });

  it('gives each failure one kind', () => {
    expect(
      [
        'password required: the PDF is encrypted',
        'damaged PDF: Invalid PDF structure',
        'too large when unpacked (300 MB, limit 256 MB)',
        'took longer than 2 s (--file-timeout)',
        "needed more than 1024 MB of memory (the reading worker's heap limit)",
        'no text layer: scanned PDF, OCR needed',
        'unsupported file type ".zip"',
        'empty file',
        'internal error while storing: x',
        'not a DOCX file: no ZIP container (damaged, or the extension is wrong)',
      ].map(errorKind),
    ).toEqual(['encrypted', 'damaged', 'too_large', 'timeout', 'memory', 'no_text_layer', 'unsupported', 'empty', 'internal', 'damaged']);
  });
});
