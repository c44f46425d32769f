#!/usr/bin/env node
/**
 * The jixiao command line: a thin layer over the library, one module per command.
 * Exit status: 0 success, 1 a file failed (or nothing was found), 2 a usage error.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { addLimitOptions } from './cli/limits.js';
import { isClosedPipe, stopQuietlyOnClosedPipe } from './cli/output.js';
import { errorReason } from './extract/errors.js';
import { SECTION_TAGS } from './parse/section-tags.js';
import { DEFAULT_DATABASE } from './store/location.js';
import { VERSION } from './version.js';

// Each command loads its own modules when it runs (SQLite, piscina, the readers): `--help` loads none.
const runExtract: typeof import('./cli/extract.js').runExtract = async (...args) => (await import('./cli/extract.js')).runExtract(...args);
const runIngest: typeof import('./cli/ingest.js').runIngest = async (...args) => (await import('./cli/ingest.js')).runIngest(...args);
const runSearch = async (...args: Parameters<typeof import('./cli/search.js').runSearch>) => (await import('./cli/search.js')).runSearch(...args);
const runExport: typeof import('./cli/export.js').runExport = async (...args) => (await import('./cli/export.js')).runExport(...args);
const runExplain: typeof import('./cli/explain.js').runExplain = async (...args) => (await import('./cli/explain.js')).runExplain(...args);
const runCrawl: typeof import('./cli/crawl.js').runCrawl = async (...args) => (await import('./cli/crawl.js')).runCrawl(...args);

stopQuietlyOnClosedPipe();

const USAGE_ERROR = 2;

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number of 0 or more');
  return n;
}

function positiveNumber(value: string): number {
  const n = nonNegativeNumber(value);
  if (n === 0) throw new InvalidArgumentError('must be more than 0');
  return n;
}

function nonNegativeInteger(value: string): number {
  const n = nonNegativeNumber(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Run a command; a failure becomes one line on stderr, never a stack trace. */
function action<A extends unknown[]>(run: (...args: A) => Promise<number> | number, subject: (...args: A) => string = () => '') {
  return async (...args: A) => {
    try {
      process.exitCode = await run(...args);
    } catch (error) {
      if (isClosedPipe(error)) return;
      process.stderr.write(`jixiao: ${subject(...args)}${errorReason(error)}\n`);
      process.exitCode = 1;
    }
  };
}

const VOCABULARY_HELP = 'a YAML file of column synonyms, form-field labels and total words to add (see docs/templates.md)';

const dbOption = () => new Option('--db <file>', 'the SQLite database').default(DEFAULT_DATABASE);

const program = new Command()
  .name('jixiao')
  .description('Turn Chinese government performance self-evaluation reports (绩效自评报告) into records and SQLite.')
  .version(VERSION)
  .exitOverride();

addLimitOptions(
  program
    .command('extract')
  .description('Print the records of one report (PDF, DOCX, HTML, text …).\n\nExample: jixiao extract report.pdf --json')
  .argument('<file>', 'the report file')
  .option('--json', 'print the contract JSON instead of a summary')
  .option('--no-ocr', 'do not read pages that are only images (scans): report them as an error')
  .option('--vocabulary <file>', VOCABULARY_HELP),
).action(action(runExtract, (file: string) => `${file}: `));

program
  .command('explain')
  .description(
    'Show how each table was read: the grid, the header rows and the role of each column (with the synonym that matched), ' +
      'the blocks, the rows kept and dropped and why.\n\nExample: jixiao explain report.pdf --table 2',
  )
  .argument('<file>', 'the report file')
  .option('--table <n>', 'only this table (1 for the first, as warnings number them)', positiveInteger)
  .option('--no-ocr', 'do not read pages that are only images (scans): report them as an error')
  .option('--vocabulary <file>', VOCABULARY_HELP)
  .action(action(runExplain, (file: string) => `${file}: `));

addLimitOptions(
  program
    .command('ingest')
  .description(
    'Read files and folders (recursively) into the database, in parallel; files already stored are skipped,\n' +
      'files whose last reading failed are read again.\n' +
      'Exit status 0 when every file was ingested or skipped, 1 when any failed (or the database could not be written), 2 for a usage error.\n\n' +
      'Example: jixiao ingest reports/ --db data/jixiao.sqlite',
  )
  .argument('[paths...]', 'files or folders')
  .addOption(dbOption())
  .option('--jobs <n>', 'worker threads (default: one per core)', positiveInteger)
  .option('--reprocess', 're-read the stored documents under the paths given (all of them when none is given) with this version first (after an upgrade)')
  .option('--json', 'print the summary as JSON')
  .option('--no-progress', 'no progress bar or progress lines')
    .option('--exclude <paths...>', 'files or folders to leave out')
    .option('--no-ocr', 'do not read pages that are only images (scans): such files fail')
    .option('--vocabulary <file>', VOCABULARY_HELP),
).action(action(runIngest));

addLimitOptions(
  program
  .command('crawl')
  .description(
    'Fetch new and changed reports from government sites into the database.\n' +
      'Starts from listing pages; follows pagination, articles and attachments on the same host; obeys robots.txt; ' +
      'reads every report as ingest does. Conditional requests make a nightly rerun cheap; a killed run resumes.\n' +
      'Exit status 0 when nothing failed, 1 when a URL failed (404, timeout …), 2 for a usage error.\n\n' +
      'Example: jixiao crawl https://czj.example.gov.cn/yjsgk/index.html\n' +
      'Example: jixiao crawl --sites sites.yaml --no-progress --json',
  )
  .argument('[urls...]', 'start URLs (listing pages); or use --sites')
  .option('--sites <file>', 'a sites file (YAML or JSON): per-site start URLs, patterns, limits (see sites.example.yaml)')
  .addOption(dbOption())
  .option('--follow <pattern>', 'follow only pages whose URL matches this regular expression (repeatable)', collect)
  .option('--delay <seconds>', 'pause between requests to one host (default 1)', nonNegativeNumber)
  .option('--max-pages <n>', 'URLs one site may queue in one run (default 1000)', positiveInteger)
  .option('--max-mb <n>', 'largest response accepted, in MB (default 100)', positiveNumber)
  .option('--timeout <seconds>', 'time allowed for a whole response (default 120)', positiveNumber)
  .option('--connect-timeout <seconds>', 'time allowed to connect (default 15)', positiveNumber)
  .option('--retries <n>', 'retries on 429, 5xx and timeouts (default 3)', nonNegativeInteger)
  .option('--retry-wait <seconds>', 'first backoff before a retry, doubled each time; Retry-After wins (default 2)', nonNegativeNumber)
  .option('--jobs <n>', 'worker threads reading reports (default: one per core)', positiveInteger)
  .option('--json', 'print the summary as JSON')
  .option('--no-progress', 'no progress bar or progress lines')
  .option('--vocabulary <file>', VOCABULARY_HELP),
).action(action(runCrawl));

program
  .command('search')
  .description(
    'Full-text search (Chinese: 3+ characters use the index, shorter ones a scan).\n\n' +
      'Example: jixiao search 预算执行率\nExample: jixiao search --section 存在问题 预算编制',
  )
  .argument('<text>', 'what to look for')
  .addOption(dbOption())
  .addOption(new Option('--section <tag>', 'only in the sections with this tag').choices([...SECTION_TAGS]))
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
