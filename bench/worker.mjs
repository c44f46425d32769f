// One benchmark worker, in its own process so its peak memory is its own. It runs the compiled
// pipeline (dist/, as `jixiao ingest` does: a TypeScript loader would triple its memory), reads the
// files listed in a JSON file through extract + parse + normalize, and prints
// {documents, pages, seconds, peakRssMb} as JSON. Timing runs from the first file to the last.
import { readFile } from 'node:fs/promises';
import { extractBytes, formatOfPath } from '../dist/extract/index.js';
import { documentToExtraction } from '../dist/pipeline.js';

const files = JSON.parse(await readFile(process.argv[2], 'utf8'));
let pages = 0;
const started = performance.now();
for (const file of files) {
  const format = formatOfPath(file);
  const document = await extractBytes(new Uint8Array(await readFile(file)), format);
  documentToExtraction(document, { path: file, sha256: '', format, pages: document.pages });
  pages += document.pages ?? 0;
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ documents: files.length, pages, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
