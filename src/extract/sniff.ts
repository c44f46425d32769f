/** What a file really is, from its first bytes: extensions lie, especially on crawled files. */
import type { Format } from './model.js';
import { zipEntries } from './unpack/zip.js';

export type Container = 'pdf' | 'zip' | 'ole' | 'html' | 'text' | 'empty' | 'binary';

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

export function sniffContainer(bytes: Uint8Array): Container {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf'; // %PDF
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<(head|body|meta|table)[\s>]/.test(head)) return 'html';
  const sample = bytes.subarray(0, 4096);
  const controls = sample.filter((b) => b < 0x09 || (b > 0x0d && b < 0x20)).length;
  return controls === 0 ? 'text' : 'binary';
}

/** The name of an OLE stream as a compound file's directory spells it (UTF-16LE). */
const streamName = (name: string) => Buffer.from(name, 'utf16le');
const OLE_STREAMS: [Buffer, Format][] = [
  [streamName('WordDocument'), 'doc'],
  [streamName('Workbook'), 'xls'],
  [streamName('Book'), 'xls'],
];

/** The Office format a ZIP's parts show (DOCX: word/document.xml; XLSX: xl/workbook.xml), if any. */
function officeZipFormat(bytes: Uint8Array): Format | null {
  let names: string[];
  try {
    names = zipEntries(bytes).map((entry) => entry.name);
  } catch {
    return null; // damaged: the reader the name asks for says how
  }
  if (names.some((name) => /^word\/document\d*\.xml$/.test(name))) return 'docx';
  if (names.some((name) => /^xl\/workbook\d*\.xml$/.test(name))) return 'xlsx';
  return null;
}

/**
 * Which reader the bytes need, the extension's format `named` second: government sites serve DOCX
 * named .doc, HTML saved as .xls, DOCX named .wps. Bytes of no recognisable format, or plain text
 * under a binary name, keep the named reader, which says what is wrong with them.
 */
export function formatOfBytes(bytes: Uint8Array, named: Format | null): Format | null {
  switch (sniffContainer(bytes)) {
    case 'pdf':
      return 'pdf';
    case 'zip':
      return officeZipFormat(bytes) ?? named;
    case 'ole': {
      // Searched in the whole file: a compound file's directory may sit anywhere in it.
      const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const present = OLE_STREAMS.filter(([name]) => all.includes(name)).map(([, format]) => format);
      return present.length === 0 || (named && present.includes(named)) ? named : present[0];
    }
    case 'html':
      return named === 'txt' ? 'txt' : 'html';
    case 'text':
      return named;
    default:
      return named;
  }
}
