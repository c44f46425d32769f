/**
 * Progress of a batch on stderr: a live bar on a terminal, a plain line every few seconds otherwise
 * (CI logs, cron mail), both from cli-progress.
 */
import cliProgress from 'cli-progress';

export interface ProgressState {
  done: number;
  failed: number;
  /** A new total, for work that grows as it goes (a crawl finds links). */
  total?: number;
}

export interface Progress {
  start(total: number): void;
  update(state: ProgressState): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, { task = 'ingest', unit = 'files' } = {}): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${task} {bar} {value}/{total} ${unit} | {speed} ${unit}/s | ETA {eta_formatted} | {failed} failed`,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      etaBuffer: 50,
      hideCursor: stream.isTTY ? true : null,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  return {
    start(total) {
      started = Date.now();
      bar.start(total, 0, { speed: '0.0', failed: 0 });
    },
    update({ done, failed, total }) {
      if (total !== undefined) bar.setTotal(total);
      const seconds = (Date.now() - started) / 1000;
      bar.update(done, { speed: seconds > 0 ? (done / seconds).toFixed(1) : '0.0', failed });
    },
    stop() {
      bar.stop();
    },
  };
}
