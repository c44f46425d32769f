/**
 * Containers unpack under limits: declared sizes are refused before inflating, actual bytes are
 * counted while inflating, and OLE sector chains may not loop or run outside the file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../src/extract/index.js';
import { ContainerDamage, MB, unzipLimited, verifyCompoundFile, verifyZip } from '../src/extract/unpack/index.js';
import { FIXTURES } from './support/golden.js';
import { deflatedEntry, docxBomb, fixtureEntries, writeZip, xlsxDeclaringGigabytes } from './support/hostile.js';

const limits = (mb: number) => ({ maxUnpackedBytes: mb * MB });
const fixture = (file: string) => readFileSync(path.join(FIXTURES, file));

describe('ZIP entries under limits', () => {
  it('unpacks entries that keep within the limits, byte for byte', () => {
    const zip = writeZip([deflatedEntry('a.xml', Buffer.from('<a>预算</a>')), deflatedEntry('b.xml', Buffer.alloc(1000, 'x'))]);
    const files = unzipLimited(zip, (name) => name === 'a.xml', limits(1));
    expect([...files.keys()]).toEqual(['a.xml']);
    expect(Buffer.from(files.get('a.xml')!).toString()).toBe('<a>预算</a>');
  });

  it('refuses declared sizes past the total before inflating anything', () => {
    const entry = deflatedEntry('big.xml', Buffer.alloc(10));
    expect(() => verifyZip(writeZip([{ ...entry, size: 3 * MB }]), limits(2))).toThrow('too large when unpacked (3.0 MB, limit 2.0 MB)');
  });

  it('stops inflating at the limit when the headers lie about the size', () => {
    const entry = deflatedEntry('big.xml', Buffer.alloc(3 * MB, ' '));
    expect(() => verifyZip(writeZip([{ ...entry, size: 100 }]), limits(2))).toThrow('too large when unpacked (more than 2.0 MB, limit 2.0 MB)');
  });

  it('counts every entry against one total', () => {
    const zip = writeZip([deflatedEntry('a', Buffer.alloc(1.5 * MB)), deflatedEntry('b', Buffer.alloc(1.5 * MB))]);
    expect(() => verifyZip(zip, limits(2))).toThrow(/^too large when unpacked/);
    expect(() => verifyZip(zip, limits(4))).not.toThrow();
  });

  it('refuses an entry declaring more than 500 times its compressed size', () => {
    const entry = deflatedEntry('sheet.xml', Buffer.alloc(100));
    expect(() => verifyZip(writeZip([{ ...entry, size: 100 * MB }]), limits(256))).toThrow(
      /too large when unpacked \(sheet\.xml: [\d,]+× its compressed size, limit 500×\)/,
    );
  });

  it('reports bytes that disagree with their header as damage', () => {
    const entry = deflatedEntry('a.xml', Buffer.from('<a/>'));
    expect(() => verifyZip(writeZip([{ ...entry, crc: entry.crc ^ 1 }]), limits(1))).toThrow(ContainerDamage);
    expect(() => verifyZip(writeZip([{ ...entry, size: 5 }]), limits(1))).toThrow('a.xml: contents do not match the header');
    expect(() => verifyZip(Buffer.from('PK\x03\x04 nothing else'), limits(1))).toThrow('no ZIP central directory');
  });
});

describe('OLE compound files', () => {
  it('passes the fixtures', () => {
    for (const file of ['project-2021.doc', 'jiangmen-2021.doc', 'project-2021.xls'])
      expect(() => verifyCompoundFile(fixture(file), limits(256))).not.toThrow();
  });

  /** A small compound file and the sector its WordDocument stream starts at. */
  function compoundFile(): { bytes: Buffer; start: number } {
    const container = CFB.utils.cfb_new();
    CFB.utils.cfb_add(container, 'WordDocument', Buffer.alloc(8192, 1));
    const bytes = CFB.write(container, { type: 'buffer' }) as Buffer;
    const entry = CFB.read(bytes, { type: 'buffer' }).FileIndex.find((e) => e.name === 'WordDocument')!;
    return { bytes, start: entry.start };
  }
  const fatEntryOffset = (bytes: Buffer, sector: number) => 512 * (bytes.readUInt32LE(0x4c) + 1) + 4 * sector;

  it('refuses a sector chain that loops', () => {
    const { bytes, start } = compoundFile();
    bytes.writeUInt32LE(start, fatEntryOffset(bytes, start + 3));
    expect(() => verifyCompoundFile(bytes, limits(256))).toThrow('stream chain loops');
  });

  it('refuses a chain that leaves the file', () => {
    const { bytes, start } = compoundFile();
    bytes.writeUInt32LE(0x00ffffff, fatEntryOffset(bytes, start));
    expect(() => verifyCompoundFile(bytes, limits(256))).toThrow('stream chain runs outside the file');
  });

  it('refuses a stream declaring more than its sectors hold', () => {
    const { bytes } = compoundFile();
    const at = bytes.indexOf(Buffer.from('WordDocument', 'utf16le'));
    bytes.writeUInt32LE(200 * MB, at + 0x78);
    expect(() => verifyCompoundFile(bytes, limits(256))).toThrow('a stream declares more bytes than its sectors hold');
    expect(() => verifyCompoundFile(bytes, limits(100))).toThrow('too large when unpacked (200 MB, limit 100 MB)');
  });
});

describe('the hostile files of issue 14, read in this thread', () => {
  it('a DOCX that unpacks to 1.5 GB is refused from its headers, or stopped at the limit if they lie', async () => {
    await expect(extractBytes(docxBomb('true size'), 'docx')).rejects.toThrow('too large when unpacked (1,536 MB, limit 256 MB)');
    const small = { limits: limits(16) };
    await expect(extractBytes(docxBomb('small size'), 'docx', small)).rejects.toThrow('too large when unpacked (more than 16 MB, limit 16 MB)');
  });

  it('a workbook declaring gigabytes is refused before SheetJS sees it', async () => {
    await expect(extractBytes(xlsxDeclaringGigabytes(), 'xlsx')).rejects.toThrow('too large when unpacked (4,096 MB, limit 256 MB)');
  });

  it('a DOCX rebuilt with true headers still reads', async () => {
    const doc = await extractBytes(writeZip(fixtureEntries('jiangmen-2021.docx')), 'docx');
    expect(doc.blocks.length).toBeGreaterThan(10);
    expect(() => verifyZip(fixture('project-2021.xlsx'), limits(256))).not.toThrow();
  });
});
