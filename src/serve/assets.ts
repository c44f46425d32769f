/**
 * The scripts and styles the pages load, all served by the desk itself so it works offline: its own
 * stylesheet and scripts, and chart.js's UMD build, read from node_modules. (PDF pages are drawn by
 * the desk, page-image.ts: the browser needs no pdf.js.) Only names listed when the server
 * starts are served: an asset's address is looked up, never joined into a path.
 */
import { readFileSync } from 'node:fs';
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
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const require = createRequire(import.meta.url);
/** chart.js exports no package.json; its main file is dist/chart.cjs. */
const chartRoot = () => path.dirname(path.dirname(require.resolve('chart.js')));

/** The assets by address. */
export function loadAssets(): Map<string, Asset> {
  const chart = chartRoot();
  return new Map<string, Asset>([
    ['/assets/desk.css', { type: TYPES['.css'], body: STYLE }],
    ['/assets/source.js', { type: TYPES['.js'], body: SOURCE_SCRIPT }],
    ['/assets/charts.js', { type: TYPES['.js'], body: CHARTS_SCRIPT }],
    ['/assets/chart.umd.min.js', { type: TYPES['.js'], file: path.join(chart, 'dist/chart.umd.min.js') }],
  ]);
}

/** An asset's bytes (files are read when first asked for, then kept). */
export function assetBody(asset: Asset, cache: Map<string, Buffer>): Buffer {
  if (asset.body !== undefined) return Buffer.from(asset.body);
  let bytes = cache.get(asset.file!);
  if (!bytes) cache.set(asset.file!, (bytes = readFileSync(asset.file!)));
  return bytes;
}
