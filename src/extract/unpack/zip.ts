/**
 * ZIP containers (DOCX, XLSX) read under limits: the central directory's declared sizes are checked
 * before anything is inflated, and each entry is inflated by zlib with an output ceiling, so a bomb
 * stops at the limit instead of filling memory. Entries whose bytes disagree with their header
 * (size or CRC) are damage, reported before any other library sees the file.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { ContainerDamage } from './damage.js';
import { MAX_ENTRY_RATIO, RATIO_FLOOR, tooCompressed, tooLarge, type UnpackLimits } from './limits.js';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const STORED = 0;
const DEFLATED = 8;
const FULL32 = 0xffffffff;

export interface ZipEntry {
  name: string;
  /** The name's bytes as stored: GBK in archives made on Chinese Windows, which leave `utf8` unset. */
  rawName: Uint8Array;
  /** General-purpose flag bit 11: the name is UTF-8. */
  utf8: boolean;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(data: DataView, at: number): number {
  return data.getUint32(at, true) + data.getUint32(at + 4, true) * 2 ** 32;
}

function endOfCentralDirectory(data: DataView): number {
  const lowest = Math.max(0, data.byteLength - 22 - 0xffff);
  for (let at = data.byteLength - 22; at >= lowest; at--) if (data.getUint32(at, true) === EOCD) return at;
  throw new ContainerDamage('no ZIP central directory');
}

/** Where the central directory starts and how many entries it holds (ZIP64 when the 32-bit fields overflow). */
function centralDirectory(data: DataView): { offset: number; count: number } {
  const eocd = endOfCentralDirectory(data);
  let count = data.getUint16(eocd + 10, true);
  let offset = data.getUint32(eocd + 16, true);
  const locator = eocd - 20;
  if ((offset === FULL32 || count === 0xffff) && locator >= 0 && data.getUint32(locator, true) === ZIP64_LOCATOR) {
    const record = u64(data, locator + 8);
    if (record + 56 > data.byteLength || data.getUint32(record, true) !== ZIP64_EOCD) throw new ContainerDamage('bad ZIP64 directory');
    count = u64(data, record + 32);
    offset = u64(data, record + 48);
  }
  if (offset >= data.byteLength) throw new ContainerDamage('central directory outside the file');
  return { offset, count };
}

/** ZIP64 extra field: the 64-bit values of whichever 32-bit fields are full, in a fixed order. */
function applyZip64(data: DataView, extraStart: number, extraEnd: number, entry: ZipEntry): void {
  for (let at = extraStart; at + 4 <= extraEnd;) {
    const id = data.getUint16(at, true);
    const length = data.getUint16(at + 2, true);
    if (id === ZIP64_EXTRA) {
      let field = at + 4;
      for (const key of ['size', 'compressedSize', 'localOffset'] as const) {
        if (entry[key] !== FULL32) continue;
        if (field + 8 > at + 4 + length) break;
        entry[key] = u64(data, field);
        field += 8;
      }
      return;
    }
    at += 4 + length;
  }
}

/** The entries as the central directory declares them. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const data = view(bytes);
  const { offset, count } = centralDirectory(data);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.byteLength || data.getUint32(at, true) !== CENTRAL_ENTRY) throw new ContainerDamage('broken ZIP central directory');
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const commentLength = data.getUint16(at + 32, true);
    if (at + 46 + nameLength + extraLength > data.byteLength) throw new ContainerDamage('broken ZIP central directory');
    const entry: ZipEntry = {
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      rawName: bytes.subarray(at + 46, at + 46 + nameLength),
      utf8: (data.getUint16(at + 8, true) & 0x0800) !== 0,
      method: data.getUint16(at + 10, true),
      crc: data.getUint32(at + 16, true),
      compressedSize: data.getUint32(at + 20, true),
      size: data.getUint32(at + 24, true),
      localOffset: data.getUint32(at + 42, true),
    };
    applyZip64(data, at + 46 + nameLength, at + 46 + nameLength + extraLength, entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The declared sizes alone already break the limits: refuse before inflating anything. */
function checkDeclared(entries: ZipEntry[], limits: UnpackLimits): void {
  let total = 0;
  for (const entry of entries) {
    total += entry.size;
    if (total > limits.maxUnpackedBytes) throw tooLarge(total, limits);
    if (entry.size > RATIO_FLOOR && entry.size > MAX_ENTRY_RATIO * Math.max(1, entry.compressedSize))
      throw tooCompressed(entry.name, entry.size / Math.max(1, entry.compressedSize));
  }
}

function compressedData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const data = view(bytes);
  const at = entry.localOffset;
  if (at + 30 > data.byteLength || data.getUint32(at, true) !== LOCAL_ENTRY) throw new ContainerDamage(`${entry.name}: no local header`);
  const start = at + 30 + data.getUint16(at + 26, true) + data.getUint16(at + 28, true);
  if (start + entry.compressedSize > data.byteLength) throw new ContainerDamage(`${entry.name}: cut short`);
  return bytes.subarray(start, start + entry.compressedSize);
}

/** One entry's bytes, inflated with a ceiling: zlib stops as soon as the output passes `budget`. */
function inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: number, limits: UnpackLimits, unpackedSoFar: number): Uint8Array {
  const compressed = compressedData(bytes, entry);
  let output: Uint8Array;
  if (entry.method === STORED) output = compressed;
  else if (entry.method === DEFLATED) {
    const ratioCap = Math.max(RATIO_FLOOR, MAX_ENTRY_RATIO * compressed.length);
    const ceiling = Math.min(budget, ratioCap);
    try {
      output = inflateRawSync(compressed, { maxOutputLength: Math.max(1, ceiling) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw new ContainerDamage(`${entry.name}: ${(error as Error).message}`);
      if (ceiling === budget) throw tooLarge(unpackedSoFar + budget, limits, true);
      throw tooCompressed(entry.name, ceiling / Math.max(1, compressed.length));
    }
  } else throw new ContainerDamage(`${entry.name}: unsupported compression method ${entry.method}`);
  if (output.length !== entry.size || crc32(output) !== entry.crc) throw new ContainerDamage(`${entry.name}: contents do not match the header`);
  return output;
}

/**
 * Inflate the entries `wanted` selects, under the limits. `keep: false` only verifies (for a library
 * that will unpack the file again itself and must be handed nothing that can blow up).
 */
export function unzipLimited(bytes: Uint8Array, wanted: (name: string) => boolean, limits: UnpackLimits, keep = true): Map<string, Uint8Array> {
  const entries = zipEntries(bytes).filter((entry) => wanted(entry.name) && !entry.name.endsWith('/'));
  checkDeclared(entries, limits);
  const files = new Map<string, Uint8Array>();
  let unpacked = 0;
  for (const entry of entries) {
    const output = inflateEntry(bytes, entry, limits.maxUnpackedBytes - unpacked, limits, unpacked);
    unpacked += output.length;
    if (keep) files.set(entry.name, output);
  }
  return files;
}

/** One entry on its own, under the limits (an archive's members are separate documents, each with the whole budget). */
export function unzipEntryLimited(bytes: Uint8Array, entry: ZipEntry, limits: UnpackLimits): Uint8Array {
  checkDeclared([entry], limits);
  return inflateEntry(bytes, entry, limits.maxUnpackedBytes, limits, 0);
}

/** Every entry of the ZIP inflates within the limits and matches its header; nothing is kept. */
export function verifyZip(bytes: Uint8Array, limits: UnpackLimits): void {
  unzipLimited(bytes, () => true, limits, false);
}
