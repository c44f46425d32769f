/**
 * The scripts, styles and fonts the pages load, all served by the desk itself so it works offline:
 * its own stylesheet and scripts, pdf.js's legacy build with its cMaps, standard fonts and image
 * decoders, and chart.js's UMD build, read from node_modules. Only names listed when the server
 * starts are served: an asset's address is looked up, never joined into a path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CHARTS_SCRIPT, SOURCE_SCRIPT } from './client/scripts.js';
import { STYLE } from './client/style.js';

export interface Asset {
  type: string;
  /** The content, for the desk's own assets; else the file to read. */
  body?: string;
  file?: string;
}

const TYPES: Record<string, string> = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

const require = createRequire(import.meta.url);
const pdfjsRoot = () => path.dirname(require.resolve('pdfjs-dist/package.json'));
/** chart.js exports no package.json; its main file is dist/chart.cjs. */
const chartRoot = () => path.dirname(path.dirname(require.resolve('chart.js')));

/** Every file of `dir` (not below it) whose extension is known, under `prefix`. */
function folder(prefix: string, dir: string): [string, Asset][] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && path.extname(entry.name) in TYPES)
    .map((entry) => [`${prefix}${entry.name}`, { type: TYPES[path.extname(entry.name)], file: path.join(dir, entry.name) }]);
}

/** The assets by address. */
export function loadAssets(): Map<string, Asset> {
  const pdfjs = pdfjsRoot();
  const chart = chartRoot();
  return new Map<string, Asset>([
    ['/assets/desk.css', { type: TYPES['.css'], body: STYLE }],
    ['/assets/source.js', { type: TYPES['.js'], body: SOURCE_SCRIPT }],
    ['/assets/charts.js', { type: TYPES['.js'], body: CHARTS_SCRIPT }],
    ['/assets/chart.umd.min.js', { type: TYPES['.js'], file: path.join(chart, 'dist/chart.umd.min.js') }],
    ['/assets/pdfjs/pdf.mjs', { type: TYPES['.mjs'], file: path.join(pdfjs, 'legacy/build/pdf.min.mjs') }],
    ['/assets/pdfjs/pdf.worker.mjs', { type: TYPES['.mjs'], file: path.join(pdfjs, 'legacy/build/pdf.worker.min.mjs') }],
    ...folder('/assets/pdfjs/cmaps/', path.join(pdfjs, 'cmaps')),
    ...folder('/assets/pdfjs/standard_fonts/', path.join(pdfjs, 'standard_fonts')),
    ...folder('/assets/pdfjs/wasm/', path.join(pdfjs, 'wasm')),
  ]);
}

/** An asset's bytes (files are read when first asked for, then kept). */
export function assetBody(asset: Asset, cache: Map<string, Buffer>): Buffer {
  if (asset.body !== undefined) return Buffer.from(asset.body);
  let bytes = cache.get(asset.file!);
  if (!bytes) cache.set(asset.file!, (bytes = readFileSync(asset.file!)));
  return bytes;
}
