/**
 * OLE compound files (.doc, .xls, encrypted OOXML) checked before cfb or SheetJS parses them: every
 * sector chain (DIFAT, FAT, directory, mini FAT, each stream) must stay inside the file and never
 * loop, and no stream may declare more bytes than its chain holds or than the limits allow. A
 * looping or absurd chain otherwise sends a parser round forever or into a huge allocation.
 */
import { ContainerDamage } from './damage.js';
import { tooLarge, type UnpackLimits } from './limits.js';

const HEADER_SIZE = 512;
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const DIFAT_IN_HEADER = 109;
const ENTRY_SIZE = 128;
const STREAM = 2;
const ROOT = 5;

interface Header {
  sectorSize: number;
  miniSectorSize: number;
  miniCutoff: number;
  firstDirectory: number;
  firstMiniFat: number;
  firstDifat: number;
  difatCount: number;
}

function readHeader(data: DataView): Header {
  if (data.byteLength < HEADER_SIZE) throw new ContainerDamage('OLE header cut short');
  const sectorShift = data.getUint16(0x1e, true);
  const miniShift = data.getUint16(0x20, true);
  if (sectorShift !== 9 && sectorShift !== 12) throw new ContainerDamage(`OLE sector size 2^${sectorShift}`);
  if (miniShift !== 6) throw new ContainerDamage(`OLE mini sector size 2^${miniShift}`);
  return {
    sectorSize: 1 << sectorShift,
    miniSectorSize: 1 << miniShift,
    miniCutoff: data.getUint32(0x38, true),
    firstDirectory: data.getUint32(0x30, true),
    firstMiniFat: data.getUint32(0x3c, true),
    firstDifat: data.getUint32(0x44, true),
    difatCount: data.getUint32(0x48, true),
  };
}

/** A walk along a chain that refuses to revisit a link or leave the table. */
function followChain(next: (id: number) => number, start: number, count: number, what: string): number[] {
  const chain: number[] = [];
  const seen = new Set<number>();
  for (let id = start; id !== END_OF_CHAIN; id = next(id)) {
    if (id === FREE && chain.length === 0) break;
    if (id >= count) throw new ContainerDamage(`${what} runs outside the file`);
    if (seen.has(id)) throw new ContainerDamage(`${what} loops`);
    seen.add(id);
    chain.push(id);
  }
  return chain;
}

export function verifyCompoundFile(bytes: Uint8Array, limits: UnpackLimits): void {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = readHeader(data);
  const { sectorSize } = header;
  const sectorCount = Math.ceil((bytes.length - sectorSize) / sectorSize);
  const sectorAt = (id: number) => sectorSize * (id + 1);
  const u32InSector = (id: number, index: number) => {
    const at = sectorAt(id) + index * 4;
    return at + 4 <= bytes.length ? data.getUint32(at, true) : FREE;
  };
  const perSector = sectorSize / 4;

  // The FAT's own sectors: 109 listed in the header, the rest along the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < DIFAT_IN_HEADER; i++) {
    const id = data.getUint32(0x4c + i * 4, true);
    if (id < sectorCount) fatSectors.push(id);
  }
  const difat = followChain((id) => u32InSector(id, perSector - 1), header.difatCount ? header.firstDifat : END_OF_CHAIN, sectorCount, 'DIFAT chain');
  for (const id of difat) for (let i = 0; i < perSector - 1; i++) if (u32InSector(id, i) < sectorCount) fatSectors.push(u32InSector(id, i));
  if (fatSectors.length === 0) throw new ContainerDamage('OLE file without a FAT');
  const fatLength = fatSectors.length * perSector;
  const fat = (id: number) => (id < fatLength ? u32InSector(fatSectors[Math.floor(id / perSector)], id % perSector) : FREE);
  const chain = (start: number, what: string) => followChain(fat, start, sectorCount, what);

  const directory = chain(header.firstDirectory, 'directory chain');
  const miniFatSectors = chain(header.firstMiniFat, 'mini FAT chain');
  const miniFatLength = miniFatSectors.length * perSector;
  const miniFat = (id: number) => (id < miniFatLength ? u32InSector(miniFatSectors[Math.floor(id / perSector)], id % perSector) : FREE);

  let total = 0;
  let miniStreamBytes = 0;
  const streams: { start: number; size: number }[] = [];
  for (const id of directory) {
    for (let at = sectorAt(id); at + ENTRY_SIZE <= Math.min(bytes.length, sectorAt(id) + sectorSize); at += ENTRY_SIZE) {
      const type = data.getUint8(at + 0x42);
      if (type !== STREAM && type !== ROOT) continue;
      const size = data.getUint32(at + 0x78, true) + (sectorSize === 512 ? 0 : data.getUint32(at + 0x7c, true) * 2 ** 32);
      const start = data.getUint32(at + 0x74, true);
      total += size;
      if (total > limits.maxUnpackedBytes) throw tooLarge(total, limits);
      if (type === ROOT) miniStreamBytes = chain(start, 'mini stream chain').length * sectorSize;
      else streams.push({ start, size });
    }
  }
  for (const { start, size } of streams) {
    if (size === 0) continue;
    const small = size < header.miniCutoff;
    const unit = small ? header.miniSectorSize : sectorSize;
    const held = small
      ? followChain(miniFat, start, Math.floor(miniStreamBytes / unit), 'mini stream chain').length * unit
      : chain(start, 'stream chain').length * unit;
    if (size > held) throw new ContainerDamage('a stream declares more bytes than its sectors hold');
  }
}
