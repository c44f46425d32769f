/**
 * Start-up of the command as a user meets it: a fresh `node` process each time, nothing warm.
 * `--help` against a bare `node -e 0` (what Node itself costs on this machine), and a cold
 * `extract --json` of the 25-page Shanghai PDF (large embedded CJK fonts) with its peak memory.
 * Each figure is the median of its runs, with the fastest beside it: on a shared machine the
 * fastest run is the one least disturbed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

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
const REPORT_PEAK = `data:text/javascript,${encodeURIComponent("process.on('exit', () => process.stderr.write('\\npeak-rss-kb ' + process.resourceUsage().maxRSS + '\\n'))")}`;

function timeRuns(runs: number, args: string[], { withPeak = false } = {}): Timing & { peakRssMb: number } {
  const seconds: number[] = [];
  let peakKb = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    // The peak report loads one more module, so it is left out of the runs that time Node's own start.
    const result = spawnSync(process.execPath, [...(withPeak ? ['--import', REPORT_PEAK] : []), ...args], { encoding: 'utf8' });
    seconds.push((performance.now() - started) / 1000);
    if (result.status !== 0) throw new Error(`bench: node ${args.join(' ')} failed: ${result.stderr}`);
    peakKb = Math.max(peakKb, Number(/peak-rss-kb (\d+)/.exec(result.stderr)?.[1] ?? 0));
  }
  const sorted = seconds.sort((a, b) => a - b);
  return { medianSeconds: sorted[Math.floor(sorted.length / 2)], fastestSeconds: sorted[0], peakRssMb: peakKb / 1024 };
}

export function measureStartup(runs = Number(process.env.BENCH_STARTUP_RUNS ?? 15)): Startup {
  const timing = ({ medianSeconds, fastestSeconds }: Timing): Timing => ({ medianSeconds, fastestSeconds });
  return {
    bareNode: timing(timeRuns(runs, ['-e', '0'])),
    help: timing(timeRuns(runs, [CLI, '--help'])),
    coldExtract: timeRuns(Math.ceil(runs / 2), [CLI, 'extract', COLD_PDF, '--json'], { withPeak: true }),
  };
}

export function startupReport({ bareNode, help, coldExtract }: Startup): string {
  const s = (t: Timing) => `${t.medianSeconds.toFixed(3)} s (fastest ${t.fastestSeconds.toFixed(3)})`;
  return [
    `Start-up: node -e 0 ${s(bareNode)}; jixiao --help ${s(help)}`,
    `Cold extract --json of ${path.basename(COLD_PDF)} (25 pages): ${s(coldExtract)}, peak RSS ${coldExtract.peakRssMb.toFixed(0)} MB`,
  ].join('\n');
}
