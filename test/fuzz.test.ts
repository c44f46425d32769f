/**
 * Fuzzing: 260 damaged copies of the fixtures (every format; cut short, bits flipped, blocks zeroed,
 * spliced; a fixed seed, so every run reads the same files). Each must end with records or with an
 * error a user can read: one line, no stack trace. The whole set is read in this thread; a sample
 * goes through the built CLI, whose reading threads must print nothing of their libraries' own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEngineMessage, UnreadableFileError } from '../src/extract/errors.js';
import { extractBytes } from '../src/extract/index.js';
import { readBytesForStore } from '../src/ingest/read.js';
import { documentToExtraction } from '../src/pipeline.js';
import { mutants, type Mutant } from './support/mutate.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const jixiao = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
/** This seed's damaged .xls files make SheetJS print warnings: the CLI sample must show them silenced. */
const SEED = 21;
const MUTANTS = mutants(20, SEED);
/** Generous against the 120 s default: the point is that nothing runs on unbounded. */
const SECONDS_PER_FILE = 30;

/**
 * Reads each mutant with `read`, which returns what is wrong with the outcome or null; a mutant
 * that takes too long is a problem too. The libraries' own console chatter is silenced meanwhile
 * (the CLI test checks it stays out of stderr).
 */
async function readEach(all: Mutant[], read: (mutant: Mutant) => Promise<string | null>): Promise<string[]> {
  const quiet = ['log', 'warn', 'error'] as const;
  const saved = quiet.map((m) => console[m]);
  for (const m of quiet) console[m] = () => undefined;
  const problems: string[] = [];
  try {
    for (const mutant of all) {
      const started = Date.now();
      const problem = await read(mutant);
      if (problem) problems.push(`${mutant.name}: ${problem}`);
      const seconds = (Date.now() - started) / 1000;
      if (seconds > SECONDS_PER_FILE) problems.push(`${mutant.name}: ${seconds} s`);
    }
  } finally {
    quiet.forEach((m, i) => (console[m] = saved[i]));
  }
  return problems;
}

describe(`${MUTANTS.length} damaged files`, () => {
  it('each ends with records or one clear line, in this thread', async () => {
    const problems = await readEach(MUTANTS, async (mutant) => {
      try {
        const document = await extractBytes(mutant.bytes, mutant.format);
        documentToExtraction(document, { path: mutant.name, sha256: '0'.repeat(64), format: document.format, pages: document.pages });
        return null;
      } catch (error) {
        const message = (error as Error).message;
        return !(error instanceof UnreadableFileError) || !message || message.includes('\n') ? ((error as Error).stack ?? message) : null;
      }
    });
    expect(problems).toEqual([]);
  }, 600_000);

  it('a batch of them through the CLI: every file stored or failed with one line, nothing else on stderr', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-fuzz-'));
    const sample = MUTANTS.filter((m, i) => i % 3 === 0 || m.format === 'xls');
    for (const mutant of sample) writeFileSync(path.join(folder, mutant.name), mutant.bytes);
    const run = jixiao('ingest', folder, '--db', path.join(folder, 'db.sqlite'), '--json', '--no-progress', '--jobs', '2');
    expect(run.stderr).toBe('');
    expect([0, 1]).toContain(run.status);
    const summary = JSON.parse(run.stdout) as { files: number; ingested: number; skipped: number; failed: { error: string }[] };
    expect(summary.files).toBe(sample.length);
    expect(summary.ingested + summary.skipped + summary.failed.length).toBe(sample.length);
    for (const { error } of summary.failed) expect(error).toMatch(/^[^\n]+$/);
  }, 600_000);

  it('a sample through `jixiao extract`: JSON and exit 0, or one line naming the file and exit 1', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-fuzz-'));
    const sample = ['pdf', 'docx', 'doc', 'xlsx', 'xls', 'html', 'txt'].map((format) =>
      MUTANTS.find((m) => m.format === format && m.name.includes('bits-flipped'))!,
    );
    for (const mutant of sample) {
      const file = path.join(folder, mutant.name);
      writeFileSync(file, mutant.bytes);
      const run = jixiao('extract', file, '--json');
      if (run.status === 0) expect(JSON.parse(run.stdout).source.path).toBe(file);
      else {
        expect(run.status).toBe(1);
        expect(run.stderr).toMatch(new RegExp(`^jixiao: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [^\\n]+\\n$`));
      }
    }
  }, 600_000);
});

/** Another seed, read the way a batch reads: through what the store is given. */
const OTHER_SEED = 2121;
const OTHERS = mutants(16, OTHER_SEED);

describe(`${OTHERS.length} damaged files of another seed, read for the store`, () => {
  it('end with a clear reason in our words, or with text, or with a warning saying what was left out', async () => {
    const problems = await readEach(OTHERS, async (mutant) => {
      const { outcome } = await readBytesForStore(mutant.name, mutant.bytes, mutant.format);
      if (!outcome.ok) return !outcome.error || outcome.error.includes('\n') || isEngineMessage(outcome.error) ? `unclear error: ${outcome.error}` : null;
      const text = outcome.text
        .map((page) => page.text)
        .join('')
        .trim();
      return !text && !outcome.readingWarnings.length ? 'stored ok, read nothing, no warning' : null;
    });
    expect(problems).toEqual([]);
  }, 600_000);
});
