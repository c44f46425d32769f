/**
 * ZIP archives as Chinese Windows tools write them, for the archive tests: member names as GBK bytes
 * with the UTF-8 flag left unset (or flagged UTF-8), members stored uncompressed, and a declared size
 * that may lie (to exercise the unpack limits). Written by hostile.ts's writeZip.
 */
import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';
import { writeZip } from './hostile.js';

export interface RawMember {
  name: string;
  bytes: Uint8Array;
  /** Write the name as GBK without the UTF-8 flag (the default), or as flagged UTF-8. */
  encoding?: 'gbk' | 'utf8';
  /** A declared size that is not the real one. */
  declaredSize?: number;
}

export function zipWithRawNames(members: RawMember[]): Uint8Array {
  return new Uint8Array(
    writeZip(
      members.map((m) => ({
        name: m.encoding === 'utf8' ? m.name : new Uint8Array(iconv.encode(m.name, 'gbk')),
        data: m.bytes,
        method: 0,
        crc: crc32(m.bytes),
        size: m.declaredSize ?? m.bytes.length,
      })),
    ),
  );
}
