/**
 * A throwaway PostgreSQL cluster: initdb and pg_ctl in a temporary folder, on a free port of 127.0.0.1,
 * as the `postgres` user when run as root (the server refuses root). Used by the tests' global setup
 * and by the benchmark; free of vitest, so the benchmark can load it.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Cluster {
  url: string;
  stop(): void;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The newest installed server's programs (Debian keeps them out of PATH, one folder per major version). */
function serverBin(): string | null {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a)).find((v) => existsSync(path.join(root, v, 'bin', 'initdb')));
  if (newest) return path.join(root, newest, 'bin');
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** Start a cluster in a temporary folder; throws with the reason when it cannot. */
export async function startCluster(): Promise<Cluster> {
  const bin = serverBin();
  if (!bin) throw new Error('no PostgreSQL server programs installed (Debian: apt-get install postgresql)');
  const asRoot = process.getuid?.() === 0;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-pg-'));
  const run = (program: string, args: string[]) => {
    const command = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]] : [path.join(bin, program), args];
    execFileSync(command[0] as string, command[1] as string[], { stdio: 'pipe', cwd: folder });
  };
  try {
    if (asRoot)
      chownSync(
        folder,
        Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
        Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
      );
    const data = path.join(folder, 'data');
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'jixiao', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const port = await freePort();
    // fsync off: a test cluster is thrown away, durability would only slow the tests.
    const settings = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    run('pg_ctl', ['-D', data, '-o', settings, '-l', path.join(folder, 'server.log'), '-w', 'start']);
    return {
      url: `postgres://jixiao@127.0.0.1:${port}/postgres`,
      stop() {
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`cannot start a PostgreSQL cluster: ${stderr || (error as Error).message}`, { cause: error });
  }
}
