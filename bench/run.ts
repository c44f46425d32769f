/**
 * `npm run bench`: speed and memory of the pipeline, side by side with poppler's pdftotext.
 *
 * Per format: documents/s and pages/s for one worker and for one worker per core, and each worker's
 * peak resident memory; peak memory against page count on joined PDFs; the wall time of a full
 * `jixiao ingest` of the corpus into a fresh database. Every figure is the median of BENCH_RUNS runs.
 * Workers are processes (so each one's memory is its own) fed from one queue, as pool threads are.
 * Last, `export --all` of a 10,000-report database to Parquet and CSV (bench/exports.ts; BENCH_ONLY=exports
 * measures it alone).
 */
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SEMI_SPACE_MB } from '../src/ingest/heap.js';
import { buildCorpus } from './corpus.js';
import { exportsReport, measureExports } from './exports.js';
import { benchServe } from './serve.js';
import { measureStartup, startupReport } from './startup.js';
import { measureStoreThroughput, storeReport } from './store.js';
import { median } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PER_FORMAT = Number(process.env.BENCH_PER_FORMAT ?? 45);
const OUT = path.resolve(import.meta.dirname, 'out');
const WORKER = path.resolve(import.meta.dirname, 'worker.mjs');
const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const CORES = os.availableParallelism();

interface Rates {
  documentsPerSecond: number;
  pagesPerSecond: number;
}

/** A pool's median rates over its runs, and the peak resident memory of its workers. */
interface Throughput extends Rates {
  peakRssMb: number;
}

function medianRates(runs: Rates[]): Rates {
  return {
    documentsPerSecond: median(runs.map((r) => r.documentsPerSecond)),
    pagesPerSecond: median(runs.map((r) => r.pagesPerSecond)),
  };
}

function ensurePdftotext(): string {
  const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (probe.status === 0 || probe.stderr?.includes('pdftotext')) return (probe.stderr || probe.stdout).split('\n')[0];
  console.error('bench: installing poppler-utils for pdftotext …');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'poppler-utils'], { stdio: 'inherit' });
  return spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).stderr.split('\n')[0];
}

/** Node flags for the workers: ingest's young generation, and any from BENCH_NODE_FLAGS to experiment with. */
const WORKER_FLAGS = [`--max-semi-space-size=${SEMI_SPACE_MB}`, ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)];

/**
 * A run repeats the files until it has lasted MIN_SECONDS and handed out MIN_READS files per worker:
 * timer noise must not dominate, nor the tail where one worker finishes a long file while the others
 * wait (with six large real PDFs, that tail alone took a quarter off the two-worker figure).
 */
const MIN_SECONDS = Number(process.env.BENCH_MIN_SECONDS ?? 3);
const MIN_READS = Number(process.env.BENCH_MIN_READS ?? 25);

interface Worker {
  send(message: object): void;
  next(): Promise<Record<string, number>>;
}

/** Start a worker process; resolves once it has loaded the pipeline. */
function startWorker(): Promise<Worker> {
  // An explicit execArgv keeps the orchestrator's TypeScript loader out of the workers.
  const child = fork(WORKER, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: WORKER_FLAGS });
  const inbox: Record<string, number>[] = [];
  const waiting: ((m: Record<string, number>) => void)[] = [];
  child.on('message', (m) => {
    const message = m as Record<string, number>;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  child.on('exit', (code) => code && console.error(`bench worker exited ${code}`));
  const worker: Worker = {
    send: (message) => child.send(message),
    next: () => new Promise((resolve) => (inbox.length ? resolve(inbox.shift()!) : waiting.push(resolve))),
  };
  return worker.next().then(() => worker);
}

async function readOne(worker: Worker, file: string): Promise<number> {
  worker.send({ file });
  return (await worker.next()).pages;
}

/** Ends the workers; resolves to the highest peak resident memory among them. */
async function stopPool(pool: Worker[]): Promise<number> {
  const peaks = await Promise.all(pool.map((worker) => (worker.send({}), worker.next())));
  return Math.max(...peaks.map((p) => p.peakRssMb));
}

/**
 * `workers` processes, each warmed by reading every file once. A bulk ingest of thousands of files
 * runs warm; cold runs would measure V8 compiling pdf.js, whose background compile threads borrow
 * the idle core of a one-worker run and so overstate one worker against two.
 */
async function warmPool(files: string[], workers: number): Promise<Worker[]> {
  const pool = await Promise.all(Array.from({ length: workers }, startWorker));
  await Promise.all(
    pool.map(async (worker) => {
      for (const file of files) await readOne(worker, file);
    }),
  );
  return pool;
}

/**
 * Documents/s and pages/s of a pool pulling files from one queue, the list repeated as needed. Each
 * worker holds its next file before it finishes the current one, as a pool's queue does, so it never
 * waits on this process between files.
 */
async function throughput(pool: Worker[], files: string[]): Promise<Rates> {
  const started = performance.now();
  let next = 0;
  let documents = 0;
  let pages = 0;
  const elapsed = () => (performance.now() - started) / 1000;
  const more = () => next < Math.max(files.length, MIN_READS * pool.length) || elapsed() < MIN_SECONDS;
  const handOut = (worker: Worker) => worker.send({ file: files[next++ % files.length] });
  await Promise.all(
    pool.map(async (worker) => {
      let held = 0;
      while (held < 2 && more()) {
        handOut(worker);
        held += 1;
      }
      while (held > 0) {
        const read = await worker.next(); // awaited before adding: `pages += await …` would lose updates
        held -= 1;
        pages += read.pages;
        documents += 1;
        if (more()) {
          handOut(worker);
          held += 1;
        }
      }
    }),
  );
  const seconds = elapsed();
  return { documentsPerSecond: documents / seconds, pagesPerSecond: pages / seconds };
}

interface Scaling {
  one: Throughput;
  all: Throughput;
  /** Median over runs of (all workers' documents/s ÷ one worker's) within the same run. */
  speedUp: number;
}

/**
 * One warm worker against one warm worker per core, RUNS times, taking turns: a slow spell of the
 * machine then falls on both sides of a ratio rather than on one.
 */
async function measure(files: string[]): Promise<Scaling> {
  const single = await warmPool(files, 1);
  const every = await warmPool(files, CORES);
  const one: Rates[] = [];
  const all: Rates[] = [];
  for (let run = 0; run < RUNS; run++) {
    one.push(await throughput(single, files));
    all.push(await throughput(every, files));
  }
  const [onePeak, allPeak] = [await stopPool(single), await stopPool(every)];
  return {
    one: { ...medianRates(one), peakRssMb: onePeak },
    all: { ...medianRates(all), peakRssMb: allPeak },
    speedUp: median(all.map((run, i) => run.documentsPerSecond / one[i].documentsPerSecond)),
  };
}

async function repeat<T>(times: number, run: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await run());
  return results;
}

function pdfPageCount(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);
}

/** Peak memory of a fresh worker that reads one file. */
async function peakMemoryReading(file: string): Promise<number> {
  const worker = await startWorker();
  await readOne(worker, file);
  return stopPool([worker]);
}

function pdftotextPagesPerSecond(files: string[], pages: number): number {
  const started = performance.now();
  for (const file of files) execFileSync('pdftotext', ['-layout', file, '/dev/null'], { stdio: 'ignore' }); // its font warnings are not ours to show
  return pages / ((performance.now() - started) / 1000);
}

function ingestSeconds(folder: string, run: number): number {
  const database = path.join(OUT, `ingest-${run}.sqlite`);
  const started = performance.now();
  spawnSync(process.execPath, [CLI, 'ingest', folder, '--db', database, '--no-progress', '--json'], { stdio: 'ignore' });
  return (performance.now() - started) / 1000;
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

/** The 13-page office scan (150 dpi grey JPEG, turned, speckled): every page goes through OCR. */
const SCAN = path.resolve(import.meta.dirname, '../fixtures/scanned/jiangmen-2021-scan.pdf');
const SCAN_WARM_UP = path.resolve(import.meta.dirname, '../fixtures/scanned/project-2021-scan.pdf');
const OCR_RUNS = Number(process.env.BENCH_OCR_RUNS ?? 1);

interface OcrScaling {
  one: Throughput;
  two: Throughput;
  speedUp: number;
}

/** Pages/s of `pool` when each worker reads the scan once, all at the same time. */
async function ocrPagesPerSecond(pool: Worker[]): Promise<number> {
  const started = performance.now();
  const pages = await Promise.all(pool.map((worker) => readOne(worker, SCAN)));
  return pages.reduce((s, n) => s + n, 0) / ((performance.now() - started) / 1000);
}

/**
 * OCR throughput of one worker and of two, warmed on the 2-page form (models loaded), and each
 * worker's peak memory. Runs take turns, as for the other formats. Heavy: OCR_RUNS runs (default 1).
 */
async function measureOcr(): Promise<OcrScaling> {
  const single = await warmPool([SCAN_WARM_UP], 1);
  const pair = await warmPool([SCAN_WARM_UP], 2);
  const one: number[] = [];
  const two: number[] = [];
  for (let run = 0; run < OCR_RUNS; run++) {
    one.push(await ocrPagesPerSecond(single));
    two.push(await ocrPagesPerSecond(pair));
  }
  const [onePeak, twoPeak] = [await stopPool(single), await stopPool(pair)];
  const [oneRate, twoRate] = [median(one), median(two)];
  return {
    one: { documentsPerSecond: oneRate / 13, pagesPerSecond: oneRate, peakRssMb: onePeak },
    two: { documentsPerSecond: twoRate / 13, pagesPerSecond: twoRate, peakRssMb: twoPeak },
    speedUp: twoRate / oneRate,
  };
}

function ocrReport(ocr: OcrScaling): string {
  return `OCR, ${path.basename(SCAN)} (13 pages): ${fixed(ocr.one.pagesPerSecond, 2)} pages/s on 1 worker, ${fixed(ocr.two.pagesPerSecond, 2)} on 2 (${fixed(ocr.speedUp, 2)}×); peak RSS per worker ${fixed(ocr.one.peakRssMb, 0)} MB (1) / ${fixed(ocr.two.peakRssMb, 0)} MB (2)`;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (process.env.BENCH_ONLY === 'ocr') {
    console.log(ocrReport(await measureOcr()));
    return;
  }
  if (process.env.BENCH_ONLY === 'serve') {
    console.log(await benchServe());
    return;
  }
  if (process.env.BENCH_ONLY === 'startup') {
    console.log(startupReport(measureStartup()));
    return;
  }
  if (process.env.BENCH_ONLY === 'exports') {
    console.log(exportsReport(await measureExports(OUT)));
    return;
  }
  const pdftotextVersion = ensurePdftotext();
  const corpus = buildCorpus(OUT, PER_FORMAT);
  if (process.env.BENCH_ONLY === 'store') {
    console.log(storeReport(await measureStoreThroughput(path.join(corpus.root, 'corpus'), OUT)));
    return;
  }
  const total = Object.values(corpus.byFormat).reduce((s, f) => s + f.length, 0);
  console.log(`corpus: ${total} files (${PER_FORMAT} per format) in ${path.relative(process.cwd(), corpus.root)}; ${RUNS} runs per figure; ${CORES} cores`);

  const formats: Record<string, Scaling & { files: number }> = {};
  for (const [format, files] of [...Object.entries(corpus.byFormat), ['pdf (real, large CJK fonts)', corpus.realPdfs] as const]) {
    const { one, all, speedUp } = await measure(files);
    formats[format] = { one, all, speedUp, files: files.length };
    console.log(
      `  ${format}: ${fixed(one.documentsPerSecond)} docs/s, ${fixed(one.pagesPerSecond)} pages/s per worker; ${fixed(all.documentsPerSecond)} docs/s on ${CORES}`,
    );
  }

  const pageCount = (files: string[]) => files.reduce((sum, file) => sum + pdfPageCount(file), 0);
  const popplerRate = (files: string[]) => median(Array.from({ length: RUNS }, () => pdftotextPagesPerSecond(files, pageCount(files))));
  const poppler = popplerRate(corpus.byFormat.pdf);
  const ratio = formats.pdf.one.pagesPerSecond / poppler;
  const realKind = 'pdf (real, large CJK fonts)';
  const popplerReal = popplerRate(corpus.realPdfs);
  const realRatio = formats[realKind].one.pagesPerSecond / popplerReal;
  // pdftotext timed per 13-page file pays a process start each time; on one long file it does not.
  const popplerLong: Record<number, number> = {};
  for (const [pages, file] of Object.entries(corpus.joined)) if (Number(pages) > 13) popplerLong[Number(pages)] = popplerRate([file]);

  const memory: Record<number, number> = {};
  for (const [pages, file] of Object.entries(corpus.joined)) {
    memory[Number(pages)] = median(await repeat(RUNS, () => peakMemoryReading(file)));
  }
  const ingest = median(Array.from({ length: RUNS }, (_, run) => ingestSeconds(path.join(corpus.root, 'corpus'), run)));
  // BENCH_SKIP_OCR=1 leaves out the slow OCR figures (BENCH_ONLY=ocr measures them alone).
  const ocr = process.env.BENCH_SKIP_OCR === '1' ? null : await measureOcr();
  const startup = measureStartup();
  const store = await measureStoreThroughput(path.join(corpus.root, 'corpus'), OUT);
  const exports = await measureExports(OUT);

  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${CORES} cores, ${fixed(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const results = {
    date: new Date().toISOString(),
    machine,
    pdftotext: pdftotextVersion,
    runs: RUNS,
    files: total,
    formats,
    pdftotextPagesPerSecond: poppler,
    ratioToPdftotext: ratio,
    pdftotextRealPagesPerSecond: popplerReal,
    realRatioToPdftotext: realRatio,
    pdftotextLongPagesPerSecond: popplerLong,
    peakRssMbByPages: memory,
    ingestSeconds: ingest,
    ocr,
    startup,
    store,
    exports,
  };
  writeFileSync(path.join(OUT, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);

  const rows = Object.entries(formats).map(
    ([format, { one, all, speedUp, files }]) =>
      `| ${format} | ${files} | ${fixed(one.documentsPerSecond)} | ${format.startsWith('pdf') ? fixed(one.pagesPerSecond) : '–'} | ${fixed(all.documentsPerSecond)} | ${format.startsWith('pdf') ? fixed(all.pagesPerSecond) : '–'} | ${fixed(speedUp, 2)}× | ${fixed(one.peakRssMb, 0)} / ${fixed(all.peakRssMb, 0)} |`,
  );
  console.log(`
Machine: ${machine}

| format | files | docs/s, 1 worker | pages/s, 1 worker | docs/s, ${CORES} workers | pages/s, ${CORES} workers | speed-up | peak RSS MB per worker (1 / ${CORES}) |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

PDF pages/s, ours (1 worker) vs ${pdftotextVersion} -layout: ${fixed(formats.pdf.one.pagesPerSecond)} / ${fixed(poppler)} = **${fixed(ratio, 2)}**
  against pdftotext on one long file: ${Object.entries(popplerLong)
    .map(([pages, rate]) => `${pages} pages ${fixed(rate)} pages/s, ratio **${fixed(formats.pdf.one.pagesPerSecond / rate, 2)}**`)
    .join('; ')}
Real PDFs: ${fixed(formats[realKind].one.pagesPerSecond)} / ${fixed(popplerReal)} = **${fixed(realRatio, 2)}**, peak ${fixed(formats[realKind].one.peakRssMb, 0)} MB per worker
Peak RSS by PDF length: ${Object.entries(memory)
    .map(([pages, mb]) => `${pages} pages ${fixed(mb, 0)} MB`)
    .join(', ')}
Full ingest of ${total} files into a fresh database (${CORES} workers): ${fixed(ingest)} s
${ocr ? ocrReport(ocr) : 'OCR: skipped (BENCH_SKIP_OCR=1)'}
${startupReport(startup)}
${storeReport(store)}
${exportsReport(exports)}`);
}

await main();
