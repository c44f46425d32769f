#!/usr/bin/env node
/**
 * The jixiao command line: a thin layer over the library, one module per command.
 * Exit status: 0 success, 1 a file failed (or nothing was found), 2 a usage error.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runExport } from './cli/export.js';
import { runExtract } from './cli/extract.js';
import { runIngest } from './cli/ingest.js';
import { runSearch } from './cli/search.js';
import { errorReason } from './extract/errors.js';
import { DEFAULT_DATABASE } from './store/db.js';
import { VERSION } from './version.js';

const USAGE_ERROR = 2;

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return n;
}

/** Run a command; a failure becomes one line on stderr, never a stack trace. */
function action<A extends unknown[]>(run: (...args: A) => Promise<number> | number, subject: (...args: A) => string = () => '') {
  return async (...args: A) => {
    try {
      process.exitCode = await run(...args);
    } catch (error) {
      process.stderr.write(`jixiao: ${subject(...args)}${errorReason(error)}\n`);
      process.exitCode = 1;
    }
  };
}

const dbOption = () => new Option('--db <file>', 'the SQLite database').default(DEFAULT_DATABASE);

const program = new Command()
  .name('jixiao')
  .description('Turn Chinese government performance self-evaluation reports (绩效自评报告) into records and SQLite.')
  .version(VERSION)
  .exitOverride();

program
  .command('extract')
  .description('Print the records of one report (PDF, DOCX, HTML, text …).\n\nExample: jixiao extract report.pdf --json')
  .argument('<file>', 'the report file')
  .option('--json', 'print the contract JSON instead of a summary')
  .option('--no-ocr', 'do not read pages that are only images (scans): report them as an error')
  .action(action(runExtract, (file: string) => `${file}: `));

program
  .command('ingest')
  .description(
    'Read files and folders (recursively) into the database, in parallel; files already stored are skipped.\n' +
      'Exit status 0 when every file was ingested or skipped, 1 when any failed, 2 for a usage error.\n\n' +
      'Example: jixiao ingest reports/ --db data/jixiao.sqlite',
  )
  .argument('<paths...>', 'files or folders')
  .addOption(dbOption())
  .option('--jobs <n>', 'worker threads (default: one per core)', positiveInteger)
  .option('--reprocess', 're-read every stored document with this version first (after an upgrade)')
  .option('--json', 'print the summary as JSON')
  .option('--no-progress', 'no progress bar or progress lines')
  .option('--no-ocr', 'do not read pages that are only images (scans): such files fail')
  .action(action(runIngest));

program
  .command('search')
  .description('Full-text search (Chinese: 3+ characters use the index, shorter ones a scan).\n\nExample: jixiao search 预算执行率')
  .argument('<text>', 'what to look for')
  .addOption(dbOption())
  .option('--limit <n>', 'at most this many hits', positiveInteger, 20)
  .option('--json', 'print hits as JSON')
  .action(action(runSearch));

program
  .command('export')
  .description('Write a table or view as CSV or JSON.\n\nExample: jixiao export missed_targets --format csv > missed.csv')
  .argument('<name>', 'table or view, e.g. indicator_results, missed_targets, budget_execution')
  .addOption(dbOption())
  .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
  .option('--out <file>', 'write to a file instead of stdout')
  .action(action(runExport));

program.parseAsync().catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and --version are not errors.
    process.exitCode = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) ? 0 : USAGE_ERROR;
    return;
  }
  process.stderr.write(`jixiao: ${errorReason(error)}\n`);
  process.exitCode = 1;
});
