/**
 * The time a reading thread's current file must be read by, checked between steps that cannot be
 * interrupted safely. A thread running native code (onnxruntime's inference, during OCR) must not be
 * terminated: the native side throws into a torn-down thread and the whole process aborts. So a
 * reading checks its deadline before each such step and ends itself with the timeout's reason; the
 * pool terminates the thread only when a reading runs past it without checking (a spinning library).
 */
import { UnreadableFileError } from './errors.js';

export interface Deadline {
  /** Epoch milliseconds. */
  at: number;
  /** The failure's reason when it passes: the same words the pool uses. */
  reason: string;
}

let current: Deadline | null = null;

/** The deadline of the file this thread reads now (null: none). */
export function setDeadline(deadline: Deadline | null): void {
  current = deadline;
}

/** Ends the reading with the deadline's reason once it has passed. */
export function checkDeadline(): void {
  if (current && Date.now() > current.at) throw new UnreadableFileError(current.reason);
}
