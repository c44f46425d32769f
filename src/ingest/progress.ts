/**
 * Progress of a batch on stderr: a live bar on a terminal, a plain line every few seconds otherwise
 * (CI logs, cron mail), both from cli-progress.
 */
import path from 'node:path';
import cliProgress from 'cli-progress';
import { onReadingEvent, type ReadingEvent } from '../extract/reading-events.js';

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

/** What the progress line says a thread is reading: the file's name and, during OCR, the page. */
export function readingLabel(event: ReadingEvent): string {
  const name = /^https?:/.test(event.file) ? event.file : path.basename(event.file);
  return event.ocr ? `${name}: OCR page ${event.ocr.page} (${event.ocr.done + 1} of ${event.ocr.total})` : name;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, { task = 'ingest', unit = 'files' } = {}): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${task} {bar} {value}/{total} ${unit} | {speed} ${unit}/s | ETA {eta_formatted} | {failed} failed | {reading}`,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      etaBuffer: 50,
      hideCursor: stream.isTTY ? true : null,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  let stopListening = () => {};
  return {
    start(total) {
      started = Date.now();
      bar.start(total, 0, { speed: '0.0', failed: 0, reading: '' });
      // The line names what is being read now, so a long OCR shows which file and page it is on.
      stopListening = onReadingEvent((event) => bar.update({ reading: readingLabel(event) }));
    },
    update({ done, failed, total }) {
      if (total !== undefined) bar.setTotal(total);
      const seconds = (Date.now() - started) / 1000;
      bar.update(done, { speed: seconds > 0 ? (done / seconds).toFixed(1) : '0.0', failed });
    },
    stop() {
      stopListening();
      bar.stop();
    },
  };
}
