/**
 * Start-up of the command as a user meets it: a fresh `node` process each time, nothing warm.
 * `--help` against a bare `node -e 0` (what Node itself costs on this machine), and a cold
 * `extract --json` of the 25-page Shanghai PDF (large embedded CJK fonts) with its peak memory.
 * Each figure is the median of its runs, with the fastest beside it: on a shared machine the
 * fastest run is the one least disturbed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { median } from './stats.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
export const COLD_PDF = path.resolve(import.meta.dirname, '../fixtures/real/shanghai-putuo-czj-2024-dept-final-accounts-nearmiss.pdf');

export interface Timing {
  medianSeconds: number;
  fastestSeconds: number;
}

export interface Startup {
  bareNode: Timing;
  help: Timing;
  coldExtract: Timing & { peakRssMb: number };
}

/** Loaded into each timed process: its peak resident memory (all threads), printed as it exits. */
export const REPORT_PEAK = `data:text/javascript,${encodeURIComponent("process.on('exit', () => process.stderr.write('\\npeak-rss-kb ' + process.resourceUsage().maxRSS + '\\n'))")}`;

/** One fresh process: its wall time, and its peak memory when asked (the report loads one more module). */
export function runOnce(args: string[], withPeak = false): { seconds: number; peakRssMb: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [...(withPeak ? ['--import', REPORT_PEAK] : []), ...args], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`bench: node ${args.join(' ')} failed: ${result.stderr}`);
  return { seconds, peakRssMb: Number(/peak-rss-kb (\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024 };
}

const timing = (seconds: number[]): Timing => ({ medianSeconds: median(seconds), fastestSeconds: Math.min(...seconds) });

const timed = (runs: number, args: string[]): Timing => timing(Array.from({ length: runs }, () => runOnce(args).seconds));

export function measureStartup(runs = Number(process.env.BENCH_STARTUP_RUNS ?? 15)): Startup {
  const extracts = Array.from({ length: Math.ceil(runs / 2) }, () => runOnce([CLI, 'extract', COLD_PDF, '--json'], true));
  return {
    bareNode: timed(runs, ['-e', '0']),
    help: timed(runs, [CLI, '--help']),
    coldExtract: { ...timing(extracts.map((e) => e.seconds)), peakRssMb: Math.max(...extracts.map((e) => e.peakRssMb)) },
  };
}

export function startupReport({ bareNode, help, coldExtract }: Startup): string {
  const s = (t: Timing) => `${t.medianSeconds.toFixed(3)} s (fastest ${t.fastestSeconds.toFixed(3)})`;
  return [
    `Start-up: node -e 0 ${s(bareNode)}; jixiao --help ${s(help)}`,
    `Cold extract --json of ${path.basename(COLD_PDF)} (25 pages): ${s(coldExtract)}, peak RSS ${coldExtract.peakRssMb.toFixed(0)} MB`,
  ].join('\n');
}
