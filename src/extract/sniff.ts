/** What a file really is, from its first bytes: extensions lie, especially on crawled files. */
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
