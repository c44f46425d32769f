/**
 * An archive's members are asked for one after another (hashed for a batch, then read): one reading
 * of the archive serves them all, a changed archive is read again, and another file in between lets
 * the archive go.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { identityBytes, memberAddress, readSource } from '../src/extract/archive.js';
import * as extract from '../src/extract/index.js';
import { DEFAULT_UNPACK_LIMITS } from '../src/extract/unpack/index.js';
import { FIXTURES } from './support/golden.js';
import { zipWithRawNames } from './support/zip.js';

vi.mock('../src/extract/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/extract/index.js')>();
  return { ...original, readBytes: vi.fn(original.readBytes) };
});

const readBytes = vi.mocked(extract.readBytes);
const reads = (file: string) => readBytes.mock.calls.filter(([read]) => read === file).length;

const docx = readFileSync(path.join(FIXTURES, 'project-2021.docx'));
const pdf = readFileSync(path.join(FIXTURES, 'project-2021.pdf'));
const txt = readFileSync(path.join(FIXTURES, 'jiangmen-2021.txt'));

function archiveOf(members: { name: string; bytes: Uint8Array; declaredSize?: number }[]): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-archive-reads-')), '材料.zip');
  writeFileSync(file, zipWithRawNames(members));
  return file;
}

describe('the members of one archive', () => {
  beforeEach(() => {
    readBytes.mockClear();
  });

  it('are identified and read from one reading of the archive', async () => {
    const zip = archiveOf([
      { name: 'a.docx', bytes: docx },
      { name: 'b.pdf', bytes: pdf },
      { name: 'c.txt', bytes: txt },
    ]);
    const identities = [];
    for (const name of ['a.docx', 'b.pdf', 'c.txt']) identities.push(Buffer.from(await identityBytes(memberAddress(zip, name), DEFAULT_UNPACK_LIMITS)));
    expect(identities).toEqual([docx, pdf, txt]);
    const read = await readSource(memberAddress(zip, 'b.pdf'), DEFAULT_UNPACK_LIMITS);
    expect({ format: read.format, same: Buffer.from(read.bytes).equals(pdf) }).toEqual({ format: 'pdf', same: true });
    expect(reads(zip)).toBe(1);
  });

  it('are read again from an archive that changed, and after another file', async () => {
    const zip = archiveOf([{ name: 'a.docx', bytes: docx }]);
    expect(Buffer.from(await identityBytes(memberAddress(zip, 'a.docx'), DEFAULT_UNPACK_LIMITS))).toEqual(docx);
    writeFileSync(zip, zipWithRawNames([{ name: 'a.docx', bytes: pdf }]));
    expect(Buffer.from(await identityBytes(memberAddress(zip, 'a.docx'), DEFAULT_UNPACK_LIMITS))).toEqual(pdf);
    await readSource(path.join(FIXTURES, 'jiangmen-2021.txt'), DEFAULT_UNPACK_LIMITS);
    await readSource(memberAddress(zip, 'a.docx'), DEFAULT_UNPACK_LIMITS);
    expect(reads(zip)).toBe(3);
  });

  it('that cannot be unpacked are identified by the archive and their name, from the same reading', async () => {
    const zip = archiveOf([{ name: 'big.pdf', bytes: pdf, declaredSize: 400 * 1024 * 1024 }]);
    const identity = await identityBytes(memberAddress(zip, 'big.pdf'), DEFAULT_UNPACK_LIMITS);
    expect(Buffer.from(identity)).toEqual(Buffer.concat([readFileSync(zip), Buffer.from('#big.pdf')]));
    await expect(readSource(memberAddress(zip, 'big.pdf'), DEFAULT_UNPACK_LIMITS)).rejects.toThrow('too large when unpacked');
    expect(reads(zip)).toBe(1);
  });
});
