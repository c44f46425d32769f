#!/usr/bin/env node
/**
 * Bundles the command and its reading thread into dist/bin/ (run by `npm run build`, after tsc).
 *
 * Why: Node 20 resolves and compiles every ES module file on its own, and has no compile cache for
 * them. Unbundled, a cold `jixiao extract` loaded about 240 files (zod alone 95, with every locale;
 * cheerio pulled in parse5 and undici) and `--help` a dozen. esbuild joins our modules and the
 * pure-JavaScript libraries into a few files, drops what is never imported, and keeps each
 * command's lazy `import()` as a chunk of its own, so `--help` still loads no reader.
 *
 * Left outside the bundle: native addons (better-sqlite3, onnxruntime-node, @napi-rs/canvas, DuckDB's
 * @duckdb/node-api, loaded only when `export --all --format parquet` writes),
 * piscina (it starts its own thread script from its own folder), and pdf.js (two large files that
 * find their cMaps and fonts beside themselves; joining them saves nothing).
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const OUT = 'dist/bin';

const shared = {
  outdir: OUT,
  bundle: true,
  // Each command's and each reader's lazy import() stays a chunk of its own, loaded when used.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'onnxruntime-node', '@napi-rs/canvas', '@duckdb/node-api', 'piscina', 'pdfjs-dist'],
  // Bundled CommonJS libraries call require() for Node's built-ins; an ES module has none of its own.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync(OUT, { recursive: true, force: true });
// Two builds, not one with two entry points: chunks shared between the command and the reading
// thread would save nothing (each thread compiles what it loads) and split `--help`'s few modules
// over more files. pool.ts finds the reading thread as ./worker.js beside itself: both are in dist/bin/.
await build({ ...shared, entryPoints: { cli: 'src/cli.ts' }, chunkNames: 'cli-[name]-[hash]' });
await build({ ...shared, entryPoints: { worker: 'src/ingest/worker.ts' }, chunkNames: 'worker-[name]-[hash]' });
