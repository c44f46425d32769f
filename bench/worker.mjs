// One benchmark worker, in its own process so its peak memory is its own. It runs the compiled
// pipeline (dist/, as `jixiao ingest` does: a TypeScript loader would triple its memory) and, like a
// pool thread, reads one file at a time, sent by its parent over IPC: extract + parse + normalize, then
// reports the pages read.
import { readFile } from 'node:fs/promises';
import { extractBytes, formatOfPath } from '../dist/extract/index.js';
import { documentToExtraction } from '../dist/pipeline.js';

async function read(file) {
  const format = formatOfPath(file);
  const document = await extractBytes(new Uint8Array(await readFile(file)), format);
  documentToExtraction(document, { path: file, sha256: '', format, pages: document.pages });
  return document.pages ?? 0;
}

// Files queue up here while one is read: one at a time, in order.
let reading = Promise.resolve();
process.on('message', (message) => {
  reading = reading.then(async () => {
    if (message.file) process.send({ pages: await read(message.file) });
    else {
      process.send({ peakRssMb: process.resourceUsage().maxRSS / 1024 });
      process.disconnect();
    }
  });
});
process.send({ ready: true });
