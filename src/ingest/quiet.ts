/**
 * Reading threads print nothing of their own: the readers' libraries write warnings straight to the
 * console (SheetJS and cfb on damaged containers, pdf.js on odd fonts), dozens of lines for one bad
 * file, and Node prints its own process warnings. A file's one line on stderr comes from the main
 * thread, from the reason its reading returned.
 */
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const;

export function silenceThisThread(): void {
  for (const method of CONSOLE_METHODS) console[method] = () => undefined;
  process.removeAllListeners('warning');
}
