/** The built CLI in a child process, asynchronously: a test can serve HTTP or run other commands meanwhile. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '../../dist/bin/cli.js');

export function spawnCli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return spawnCliWith({}, ...args);
}

/** The CLI with variables added to its environment (JIXIAO_DB …). */
export function spawnCliWith(env: Record<string, string>, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
