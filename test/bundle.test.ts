/**
 * The command users run is the esbuild bundle in dist/bin/ (scripts/bundle.mjs), not the modules
 * tsc writes: what holds for the sources must hold for it too where bundling can change it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

describe('the bundled command', () => {
  it('loads DuckDB only when it writes Parquet: no module `jixiao --help` loads imports it', () => {
    const loaded = new Set<string>();
    const pending = ['cli.js'];
    while (pending.length) {
      const file = pending.pop()!;
      if (loaded.has(file)) continue;
      loaded.add(file);
      const code = readFileSync(path.join(BIN, file), 'utf8');
      // Static imports only (`import … from "./x.js"`, `import "./x.js"`); an import() call is loaded when it runs.
      for (const [, chunk] of code.matchAll(/^(?:import|export)\b[^;]*?["']\.\/([^"']+\.js)["']/gm)) pending.push(chunk);
    }
    expect(loaded.size).toBeGreaterThan(1);
    expect([...loaded].filter((file) => readFileSync(path.join(BIN, file), 'utf8').includes('@duckdb/node-api'))).toEqual([]);
    const lazy = readdirSync(BIN).filter((file) => file.endsWith('.js') && readFileSync(path.join(BIN, file), 'utf8').includes('import("@duckdb/node-api")'));
    expect(lazy).toHaveLength(1);
  });
});
