/**
 * `npx tsx bench/stages.ts [format,…] [seconds]`: where one document's time goes, per format, warm, in
 * one process: extract / simplify / parse / normalize / check, in CPU milliseconds per document, and
 * documents per CPU-second (the best reading of each file, and the mean). Runs the compiled pipeline
 * (dist/, `npm run build` first), as the workers do.
 *
 * STAGES_BASE=/other/checkout/dist loads a second build into the same process and reads every file
 * with both in turn, so a busy machine slows both sides alike: the way to measure a change on shared
 * cores. Add `node --cpu-prof` (`node --cpu-prof --import tsx bench/stages.ts docx`) for a profile.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, SOURCES } from './corpus.js';

const [formats = Object.keys(SOURCES).join(','), seconds = '3'] = process.argv.slice(2);
const STAGES = ['extract', 'simplify', 'parse', 'normalize', 'check'] as const;
type Times = Record<(typeof STAGES)[number], number>;

/** One build's pipeline, stage by stage, as documentToExtraction runs it. */
async function pipelineOf(dist: string) {
  const load = (module: string) => import(path.resolve(dist, module));
  const [extract, simplify, parse, normalize, schema, check] = await Promise.all(
    ['extract/index.js', 'normalize/simplify.js', 'parse/index.js', 'normalize/index.js', 'normalize/schema.js', 'check/index.js'].map(load),
  );
  const checks = check.CheckSchema.array();
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  /** Reads one file, adding each stage's CPU time to `times`; returns the whole read's. */
  return async (file: string, bytes: Uint8Array, times: Times): Promise<number> => {
    const format = extract.formatOfPath(file);
    const start = cpuMs();
    let mark = start;
    const lap = (stage: keyof Times) => {
      const now = cpuMs();
      times[stage] += now - mark;
      mark = now;
    };
    const document = await extract.extractBytes(bytes, format);
    lap('extract');
    const simplified = simplify.simplifyDocument(document);
    lap('simplify');
    const parsed = parse.parseDocument(simplified);
    lap('parse');
    const record = schema.ReportRecordSchema.parse(normalize.normalizeReport(parsed, { path: file, sha256: '', format, pages: document.pages }));
    lap('normalize');
    checks.parse(
      check.checkReport({
        record,
        tableProjects: parsed.tables.map((t: { project: string | null }) => t.project),
        sectionLabels: parsed.indicatorRows.map((r: { level1: string | null }) => r.level1),
      }),
    );
    lap('check');
    return cpuMs() - start;
  };
}

const builds = [path.resolve(import.meta.dirname, '../dist'), ...(process.env.STAGES_BASE ? [path.resolve(process.env.STAGES_BASE)] : [])];
const pipelines = await Promise.all(builds.map(pipelineOf));
const zero = (): Times => ({ extract: 0, simplify: 0, parse: 0, normalize: 0, check: 0 });

for (const format of formats.split(',')) {
  const files = SOURCES[format].map((source) => path.join(FIXTURES, source));
  const inputs = files.map((file) => ({ file, bytes: new Uint8Array(readFileSync(file)) }));
  for (let i = 0; i < 10; i++) for (const read of pipelines) for (const { file, bytes } of inputs) await read(file, bytes, zero());
  const times = pipelines.map(zero);
  const best = pipelines.map(() => inputs.map(() => Infinity));
  let reads = 0;
  for (const started = performance.now(); performance.now() - started < Number(seconds) * 1000 * pipelines.length || reads < 20; reads += inputs.length) {
    for (const [i, { file, bytes }] of inputs.entries()) {
      for (const [k, read] of pipelines.entries()) best[k][i] = Math.min(best[k][i], await read(file, bytes, times[k]));
    }
  }
  pipelines.forEach((_, k) => {
    const total = STAGES.reduce((sum, stage) => sum + times[k][stage], 0);
    const bestRate = (1000 * inputs.length) / best[k].reduce((a, b) => a + b, 0);
    const stages = STAGES.map((stage) => `${stage} ${(times[k][stage] / reads).toFixed(2)}`).join(' ');
    console.log(
      `${format.padEnd(5)} ${k ? 'base' : 'this'}  ${bestRate.toFixed(1)} docs/CPU-s best, ${((1000 * reads) / total).toFixed(1)} mean; ms per document: ${stages}`,
    );
  });
}
