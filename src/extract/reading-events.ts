/**
 * What a reading thread is doing, for the progress display of the thread that started it: which file
 * it reads and, during OCR, which page. Sent over a BroadcastChannel, which reaches the main thread
 * from any worker without going through the pool's own messages; nobody listening costs a post.
 */ import { BroadcastChannel } from 'node:worker_threads';

export interface ReadingEvent {
  file: string;
  /** During OCR: the page being recognised, its position among the pages to recognise, and their number. */
  ocr?: { page: number; done: number; total: number };
}

const CHANNEL = 'jixiao-reading';
let channel: BroadcastChannel | null = null;
let currentFile = '';

function sender(): BroadcastChannel {
  if (!channel) {
    channel = new BroadcastChannel(CHANNEL);
    channel.unref();
  }
  return channel;
}

/** A reading thread starts on a file. */
export function announceFile(file: string): void {
  currentFile = file;
  sender().postMessage({ file } satisfies ReadingEvent);
}

/** OCR starts on a page of the current file (`done` pages of `total` recognised before it). */
export function announceOcrPage(page: number, done: number, total: number): void {
  if (currentFile) sender().postMessage({ file: currentFile, ocr: { page, done, total } } satisfies ReadingEvent);
}

/** Calls `listener` for every event from any thread; returns the function that stops listening. */
export function onReadingEvent(listener: (event: ReadingEvent) => void): () => void {
  const receiver = new BroadcastChannel(CHANNEL);
  receiver.unref();
  receiver.onmessage = (message) => listener((message as { data: ReadingEvent }).data);
  return () => receiver.close();
}
