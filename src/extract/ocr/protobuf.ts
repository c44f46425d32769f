/**
 * The protocol-buffer wire format, as far as rewriting an ONNX model's graph needs: a message is read
 * into its fields in order, each keeping its encoded bytes, so that a message written back from fields
 * that were not changed is the same bytes.
 */

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

export interface Field {
  number: number;
  wire: number;
  /** The field's content: a varint's value, or the bytes of a length-delimited or fixed field. */
  value: number | Uint8Array;
  /** The whole field as encoded (key included), written back as is. */
  encoded: Uint8Array;
}

function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[at++];
    if (byte === undefined) throw new Error('truncated protocol buffer');
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, at];
    scale *= 128;
  }
}

/** A message's bytes → its fields, in order. Varints above 2^53 lose precision in `value` only. */
export function readFields(bytes: Uint8Array): Field[] {
  const fields: Field[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const [key, afterKey] = readVarint(bytes, at);
    const [number, wire] = [Math.floor(key / 8), key % 8];
    let value: number | Uint8Array;
    if (wire === WIRE.varint) [value, at] = readVarint(bytes, afterKey);
    else if (wire === WIRE.fixed64) [value, at] = [bytes.subarray(afterKey, afterKey + 8), afterKey + 8];
    else if (wire === WIRE.fixed32) [value, at] = [bytes.subarray(afterKey, afterKey + 4), afterKey + 4];
    else if (wire === WIRE.bytes) {
      const [length, content] = readVarint(bytes, afterKey);
      [value, at] = [bytes.subarray(content, content + length), content + length];
    } else throw new Error(`unsupported protocol buffer wire type ${wire}`);
    if (at > bytes.length) throw new Error('truncated protocol buffer');
    fields.push({ number, wire, value, encoded: bytes.subarray(start, at) });
  }
  return fields;
}

function varintBytes(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value % 128) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

/** A new length-delimited field (a string, bytes or an embedded message). */
export function bytesField(number: number, content: Uint8Array): Field {
  const head = [...varintBytes(number * 8 + WIRE.bytes), ...varintBytes(content.length)];
  const encoded = new Uint8Array(head.length + content.length);
  encoded.set(head);
  encoded.set(content, head.length);
  return { number, wire: WIRE.bytes, value: encoded.subarray(head.length), encoded };
}

export function stringField(number: number, text: string): Field {
  return bytesField(number, new TextEncoder().encode(text));
}

export function varintField(number: number, value: number): Field {
  return { number, wire: WIRE.varint, value, encoded: Uint8Array.from([...varintBytes(number * 8), ...varintBytes(value)]) };
}

export function float32Field(number: number, value: number): Field {
  const content = new Uint8Array(new Float32Array([value]).buffer);
  return { number, wire: WIRE.fixed32, value: content, encoded: Uint8Array.from([...varintBytes(number * 8 + WIRE.fixed32), ...content]) };
}

/** Fields → a message's bytes. */
export function writeFields(fields: Field[]): Uint8Array {
  const out = new Uint8Array(fields.reduce((n, f) => n + f.encoded.length, 0));
  let at = 0;
  for (const f of fields) {
    out.set(f.encoded, at);
    at += f.encoded.length;
  }
  return out;
}

/** An embedded message given by its fields, written in place by writeMessage (not copied twice). */
export interface Embedded {
  number: number;
  parts: (Field | Embedded)[];
}

const contentLength = (message: Embedded): number => message.parts.reduce((n, p) => n + encodedLength(p), 0);

function encodedLength(part: Field | Embedded): number {
  if ('encoded' in part) return part.encoded.length;
  const length = contentLength(part);
  return varintBytes(part.number * 8 + WIRE.bytes).length + varintBytes(length).length + length;
}

/**
 * Fields and embedded messages → a message's bytes, in one allocation: a model's graph holds all its
 * weights, and copying them once per level of nesting cost more than the rewrite itself.
 */
export function writeMessage(parts: (Field | Embedded)[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + encodedLength(p), 0));
  const write = (list: (Field | Embedded)[], at: number): number => {
    for (const part of list) {
      if ('encoded' in part) {
        out.set(part.encoded, at);
        at += part.encoded.length;
      } else {
        const head = [...varintBytes(part.number * 8 + WIRE.bytes), ...varintBytes(contentLength(part))];
        out.set(head, at);
        at = write(part.parts, at + head.length);
      }
    }
    return at;
  };
  write(parts, 0);
  return out;
}

const UTF8 = new TextDecoder();
export const text = (field: Field | undefined) => (field && field.value instanceof Uint8Array ? UTF8.decode(field.value) : '');
export const bytesOf = (field: Field | undefined) => (field && field.value instanceof Uint8Array ? field.value : new Uint8Array());
