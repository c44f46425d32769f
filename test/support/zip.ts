/**
 * ZIP archives as Chinese Windows tools write them, for the archive tests: member names as raw bytes
 * (GBK) with the UTF-8 flag left unset, members stored uncompressed. A member may also declare a size
 * other than its bytes (a bomb's declared size) to exercise the limits.
 */
import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';

export interface RawMember {
  name: string;
  bytes: Uint8Array;
  /** Write the name as GBK without the UTF-8 flag (the default), or as flagged UTF-8. */
  encoding?: 'gbk' | 'utf8';
  /** A declared size that is not the real one. */
  declaredSize?: number;
}

export function zipWithRawNames(members: RawMember[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const utf8 = member.encoding === 'utf8';
    const name = utf8 ? Buffer.from(member.name, 'utf8') : iconv.encode(member.name, 'gbk');
    const data = Buffer.from(member.bytes);
    const size = member.declaredSize ?? data.length;
    const crc = crc32(data);
    const flags = utf8 ? 0x0800 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
