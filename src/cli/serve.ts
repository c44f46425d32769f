/** `jixiao serve`: start the journalist's desk over a database and say where it listens. */
import { isLoopback, startDesk } from '../serve/server.js';
import { shownLocation } from '../store/location.js';

export interface ServeCommandOptions {
  db: string;
  port: number;
  host: string;
}

/**
 * Runs until the process is stopped (Ctrl-C); resolves to the exit status only when it fails to start.
 * A SQLite file or a postgres:// address alike; a database that cannot be opened or a server not
 * reached is one line naming it (a server's address without its password) and a non-zero status.
 */
export async function runServe(options: ServeCommandOptions): Promise<number> {
  const desk = await startDesk(options);
  process.stderr.write(`jixiao serve: ${shownLocation(options.db)} (read-only) at ${desk.url}\n`);
  if (!isLoopback(options.host)) {
    process.stderr.write(`jixiao serve: listening on ${options.host}: anyone who can reach this address can read the database and its files\n`);
  }
  const stop = () => void desk.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => {});
  return 0;
}
