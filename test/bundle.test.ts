/**
 * The command users run is the esbuild bundle in dist/bin/ (scripts/bundle.mjs), not the modules
 * tsc writes: what holds for the sources must hold for it too where bundling can change it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support/golden.js';

const BIN = path.resolve(import.meta.dirname, '../dist/bin');

/** Runs ES module code in a fresh Node process and returns what it printed. */
function runModule(code: string): string {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
  expect(result.stderr).toBe('');
  return result.stdout.trim();
}

describe('the bundled reading thread', () => {
  it('leaves the engine its own push and JSON after reading a PDF (pdf.js brings core-js, which replaces them)', () => {
    const printed = runModule(`
      const before = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };
      const { default: runTask } = await import(${JSON.stringify(path.join(BIN, 'worker.js'))});
      const result = await runTask({ kind: 'file', path: ${JSON.stringify(path.join(FIXTURES, 'project-2021.pdf'))} });
      console.log(JSON.stringify({
        read: result.outcome.ok,
        push: Array.prototype.push === before.push,
        parse: JSON.parse === before.parse,
        stringify: JSON.stringify === before.stringify,
      }));
    `);
    expect(JSON.parse(printed)).toEqual({ read: true, push: true, parse: true, stringify: true });
  });
});
