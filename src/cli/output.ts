/**
 * stdout as a pipe's reader may close it: `jixiao search 预算执行率 | head -3` closes after three lines.
 * That is the reader saying "enough", not a failure: the command stops quietly with exit status 0.
 */
export function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

export function stopQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error) => {
    if (!isClosedPipe(error)) throw error;
    process.exit(0);
  });
}
