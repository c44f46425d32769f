/**
 * What `npm test` checks besides the tests, and what a program or a newcomer meets first: types over
 * sources, CLI and tests, formatting, lint, the package's entry for programs, and npm's own messages.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const run = (command: string, args: string[], input?: string) => spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', input, timeout: 120_000 });
const TEST_SCRIPT = readFileSync(path.join(ROOT, 'scripts/test.mjs'), 'utf8');

describe('npm test', () => {
  it('type-checks the sources, the CLI and every test', () => {
    expect(TEST_SCRIPT).toContain(`'tsc', '-p', 'tsconfig.json', '--noEmit'`);
    const listed = run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json', '--listFilesOnly'])
      .stdout.split('\n')
      .map((file) => path.relative(ROOT, file.trim()));
    const tests = readdirSync(path.join(ROOT, 'test'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => `test/${file}`);
    expect(tests.length).toBeGreaterThan(10);
    for (const file of ['src/cli.ts', 'src/cli/program.ts', 'src/index.ts', ...tests]) expect(listed).toContain(file);
  }, 120_000);

  it('fails on a formatting error (Prettier in check mode)', () => {
    expect(TEST_SCRIPT).toContain(`'prettier', '--check'`);
    const clean = "export const a = { b: 'c' };\n";
    expect(run('npx', ['--no-install', 'prettier', '--check', '--stdin-filepath', 'src/cli.ts'], clean).status).toBe(0);
    expect(run('npx', ['--no-install', 'prettier', '--check', '--stdin-filepath', 'src/cli.ts'], 'export const a = {b:"c"}\n').status).not.toBe(0);
  }, 60_000);

  it('fails on a lint error (ESLint)', () => {
    expect(TEST_SCRIPT).toContain(`'eslint', '--max-warnings', '0'`);
    const lint = (code: string) =>
      run('npx', ['--no-install', 'eslint', '--max-warnings', '0', '--stdin', '--stdin-filename', 'test/example.test.ts'], code).status;
    expect(lint('export const used = 1;\n')).toBe(0);
    expect(lint('const unused = 1;\nexport {};\n')).not.toBe(0);
  }, 60_000);
});

describe('the package', () => {
  it('gives programs `import ... from "jixiao"` with its types (exports, types)', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(manifest.types).toBe('./dist/index.d.ts');
    const imported = run(process.execPath, ['--input-type=module', '-e', "const m = await import('jixiao'); console.log(Object.keys(m).sort().join(' '))"]);
    expect(imported.stdout.trim().split(' ')).toEqual(expect.arrayContaining(['crawl', 'extractReport', 'ingest', 'openStore', 'search']));
    expect(readFileSync(path.join(ROOT, 'dist/index.d.ts'), 'utf8')).toContain('extractReport');
  });

  it('runs through npx with no npm warning from its own configuration', () => {
    const help = run('npm', ['exec', '--no', '--', 'jixiao', '--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).not.toMatch(/npm warn/i);
  }, 60_000);

  it('reviews every dependency install script (allowScripts): SQLite and esbuild run theirs, onnxruntime-node downloads nothing', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.allowScripts).toEqual({ 'better-sqlite3': true, esbuild: true, 'onnxruntime-node': false });
    const unreviewed = run('npm', ['install-scripts', 'ls']);
    expect(unreviewed.stdout + unreviewed.stderr).toContain('No packages with unreviewed install scripts');
    expect(readFileSync(path.join(ROOT, '.npmrc'), 'utf8')).not.toMatch(/onnxruntime/);
  }, 60_000);
});
