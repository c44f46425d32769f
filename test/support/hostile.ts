/**
 * Hostile files rebuilt from the fixtures, as a crawl may meet them: a DOCX whose document.xml
 * unpacks to 1.5 GB from 1.5 MB, and a workbook whose ZIP headers declare absurd sizes. The ZIP is
 * written by hand here because no library will write a lie.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { FIXTURES } from './golden.js';

export interface RawEntry {
  /** A name as text (written as UTF-8, flagged) or as raw bytes (written as they are, unflagged: GBK from Chinese Windows). */
  name: string | Uint8Array;
  /** The bytes as stored (deflated when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** The unpacked size the headers declare, true or not. */
  size: number;
}

export function deflatedEntry(name: string, content: Uint8Array): RawEntry {
  return { name, data: deflateRawSync(content), method: 8, crc: crc32(content), size: content.length };
}

/** A ZIP with exactly the headers given: local headers, data, central directory, end record. */
export function writeZip(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name);
    const flags = typeof entry.name === 'string' ? 0x0800 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(flags, 8);
    record.writeUInt16LE(entry.method, 10);
    record.writeUInt32LE(entry.crc >>> 0, 16);
    record.writeUInt32LE(entry.data.length, 20);
    record.writeUInt32LE(entry.size >>> 0, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from(entry.data));
    central.push(record, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** A fixture's entries, recompressed, each with its true headers. */
export function fixtureEntries(file: string): RawEntry[] {
  return Object.entries(unzipSync(readFileSync(path.join(FIXTURES, file)))).map(([name, content]) => deflatedEntry(name, content));
}

/**
 * Raw DEFLATE for `repeat` copies of `chunk`: the chunk compressed once, flushed to a byte boundary
 * without ending the stream, then repeated (each copy refers only to itself), then a final empty block.
 */
function repeatedDeflate(head: Uint8Array, chunk: Uint8Array, repeat: number, tail: Uint8Array): Buffer {
  const flushed = (bytes: Uint8Array) => deflateRawSync(bytes, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const body = flushed(chunk);
  return Buffer.concat([flushed(head), ...Array.from({ length: repeat }, () => body), deflateRawSync(tail)]);
}

export const BOMB_MB = 1536;

/**
 * The DOCX of the issue: jiangmen-2021.docx with a word/document.xml of 1.5 GB of paragraphs,
 * 1.5 MB compressed. `declared` is what its headers claim: the truth, or the original small size.
 */
export function docxBomb(declared: 'true size' | 'small size'): Buffer {
  const entries = fixtureEntries('jiangmen-2021.docx');
  const original = entries.find((e) => e.name === 'word/document.xml')!;
  const xml = new TextDecoder().decode(unzipSync(readFileSync(path.join(FIXTURES, 'jiangmen-2021.docx')))['word/document.xml']);
  const bodyStart = xml.indexOf('<w:body>') + '<w:body>'.length;
  const head = Buffer.from(xml.slice(0, bodyStart));
  const tail = Buffer.from('</w:body></w:document>');
  // One paragraph padded with spaces to a megabyte: DEFLATE's best case, about 1,000 to 1.
  const paragraph = Buffer.from('<w:p><w:r><w:t>预算执行率</w:t></w:r></w:p>');
  const chunk = Buffer.concat([paragraph, Buffer.alloc(2 ** 20 - paragraph.length, ' ')]);
  const data = repeatedDeflate(head, chunk, BOMB_MB, tail);
  const size = declared === 'true size' ? head.length + BOMB_MB * chunk.length + tail.length : original.size;
  return writeZip(entries.map((e) => (e === original ? { ...e, data, crc: 0, size } : e)));
}

/** The workbook of the issue: project-2021.xlsx whose worksheet headers declare gigabytes. */
export function xlsxDeclaringGigabytes(): Buffer {
  return writeZip(
    fixtureEntries('project-2021.xlsx').map((e) => (typeof e.name === 'string' && e.name.startsWith('xl/worksheets/') ? { ...e, size: 0xfffffff0 } : e)),
  );
}
