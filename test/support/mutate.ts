/**
 * Damaged copies of the fixtures, the same on every run (a fixed seed): cut short, bits flipped,
 * blocks zeroed, and spliced from two files, the damage a crawl meets in truncated downloads and
 * broken servers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Format } from '../../src/extract/model.js';
import { FIXTURES } from './golden.js';

/** mulberry32: a small, well-known seeded generator; the same seed gives the same files everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface Mutant {
  name: string;
  format: Format;
  bytes: Buffer;
}

const SOURCES: [string, Format][] = [
  ['jiangmen-2021.pdf', 'pdf'],
  ['project-2021.pdf', 'pdf'],
  ['jiangmen-2021-borderless.pdf', 'pdf'],
  ['jiangmen-2021.docx', 'docx'],
  ['project-2021.docx', 'docx'],
  ['dept-with-projects-2021.docx', 'docx'],
  ['jiangmen-2021.doc', 'doc'],
  ['project-2021.doc', 'doc'],
  ['project-2021.xlsx', 'xlsx'],
  ['project-2021.xls', 'xls'],
  ['jiangmen-2021.html', 'html'],
  ['jiangmen-2021-gbk.html', 'html'],
  ['jiangmen-2021.txt', 'txt'],
];

type Mutation = (bytes: Buffer, random: () => number, other: Buffer) => Buffer;

const at = (random: () => number, length: number) => Math.floor(random() * length);

const MUTATIONS: Record<string, Mutation> = {
  truncated: (bytes, random) => bytes.subarray(0, at(random, bytes.length)),
  'bits flipped': (bytes, random) => {
    const copy = Buffer.from(bytes);
    const flips = 1 + at(random, 16);
    for (let i = 0; i < flips; i++) copy[at(random, copy.length)] ^= 1 << at(random, 8);
    return copy;
  },
  'block zeroed': (bytes, random) => zeroBlock(Buffer.from(bytes), at(random, bytes.length), 16 + at(random, 4096)),
  spliced: (bytes, random, other) => Buffer.concat([bytes.subarray(0, at(random, bytes.length)), other.subarray(at(random, other.length))]),
};

function zeroBlock(bytes: Buffer, start: number, length: number): Buffer {
  bytes.fill(0, start, Math.min(bytes.length, start + length));
  return bytes;
}

/** `perSource` damaged copies of every source fixture, cycling through the mutations. */
export function mutants(perSource: number, seed = 14): Mutant[] {
  const random = seededRandom(seed);
  const originals = SOURCES.map(([file]) => readFileSync(path.join(FIXTURES, file)));
  const kinds = Object.keys(MUTATIONS);
  const out: Mutant[] = [];
  SOURCES.forEach(([file, format], s) => {
    for (let i = 0; i < perSource; i++) {
      const kind = kinds[i % kinds.length];
      const other = originals[at(random, originals.length)];
      const ext = path.extname(file);
      out.push({ name: `${path.basename(file, ext)}-${i}-${kind.replace(' ', '-')}${ext}`, format, bytes: MUTATIONS[kind](originals[s], random, other) });
    }
  });
  return out;
}
