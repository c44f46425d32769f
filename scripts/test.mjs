#!/usr/bin/env node
// The test command CI runs: static checks (types, formatting, lint), then the build, then vitest. Each
// check is a step of its own that says whether it passed; every step runs even when one before failed,
// so one run shows everything to fix. Ends with the one line CI reads: "Tests: N passed, N failed",
// where a failed check or build counts as a failed test.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const npx = (args, options = {}) => spawnSync('npx', ['--no-install', ...args], { stdio: 'inherit', ...options });

const CHECKS = [
  // Sources, the CLI, tests, scripts and benchmarks: the build's own tsc sees only src/.
  { name: 'typecheck', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'], fix: 'fix the type errors above' },
  { name: 'format', args: ['prettier', '--check', '--log-level', 'warn', '.'], fix: '`npm run format` rewrites them' },
  { name: 'lint', args: ['eslint', '--max-warnings', '0', '.'], fix: 'fix the findings above' },
];

let failedSteps = 0;
for (const check of CHECKS) {
  const ok = npx(check.args).status === 0;
  console.log(`check ${check.name}: ${ok ? 'passed' : `FAILED (${check.fix})`}`);
  if (!ok) failedSteps += 1;
}

// The CLI tests run the built command, so build before vitest.
const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('check build: FAILED');
  console.log(`Tests: 0 passed, ${failedSteps + 1} failed`);
  process.exit(1);
}

const report = 'vitest.json';
rmSync(report, { force: true });
const run = npx(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
});
let passed = 0;
let failed;
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  // A test file that fails before any of its tests ran (an import error) counts once; one whose tests failed is counted by them.
  const brokenFiles = results.testResults.filter((file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'));
  failed = results.numFailedTests + brokenFiles.length;
} catch {
  failed = 1;
}
if (run.status !== 0 && failed === 0) failed = 1;
failed += failedSteps;
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && run.status === 0 ? 0 : 1);
