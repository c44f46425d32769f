/**
 * The jixiao commands, built by `buildProgram()`: the binary (src/cli.ts) parses `process.argv` with it,
 * tests run it in-process. Exit status: 0 success, 1 a file failed (or nothing was found), 2 a usage error.
 */
import { Command, CommanderError, Option } from 'commander';
import { nonNegativeInteger, nonNegativeNumber, portNumber, positiveInteger, positiveNumber } from './arguments.js';
import { addLimitOptions } from './limits.js';
import { isClosedPipe } from './output.js';
import { errorReason } from '../extract/errors.js';
import { SECTION_TAGS } from '../parse/section-tags.js';
import { isDatabaseError, StoreError } from '../store/errors.js';
import { DEFAULT_DATABASE } from '../store/location.js';
import { VERSION } from '../version.js';

// Each command loads its own modules when it runs (SQLite, piscina, the readers): `--help` loads none.
const runExtract: typeof import('./extract.js').runExtract = async (...args) => (await import('./extract.js')).runExtract(...args);
const runIngest: typeof import('./ingest.js').runIngest = async (...args) => (await import('./ingest.js')).runIngest(...args);
const runSearch = async (...args: Parameters<typeof import('./search.js').runSearch>) => (await import('./search.js')).runSearch(...args);
const runExport: typeof import('./export.js').runExport = async (...args) => (await import('./export.js')).runExport(...args);
const runExplain: typeof import('./explain.js').runExplain = async (...args) => (await import('./explain.js')).runExplain(...args);
const runCrawl: typeof import('./crawl.js').runCrawl = async (...args) => (await import('./crawl.js')).runCrawl(...args);
const runCopy: typeof import('./copy.js').runCopy = async (...args) => (await import('./copy.js')).runCopy(...args);
const runServe: typeof import('./serve.js').runServe = async (...args) => (await import('./serve.js')).runServe(...args);

const USAGE_ERROR = 2;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The reason of a failure; an error from SQLite names the database file (the command's --db) if it does not yet. */
function databaseNamed(error: unknown, args: unknown[]): string {
  const reason = errorReason(error);
  const options = args.find((arg): arg is { db: string } => typeof (arg as { db?: unknown } | null)?.db === 'string');
  if (!options || error instanceof StoreError || !isDatabaseError(error) || reason.includes(options.db)) return reason;
  return `${options.db}: ${reason}`;
}

/** Run a command; a failure becomes one line on stderr, never a stack trace. */
function action<A extends unknown[]>(run: (...args: A) => Promise<number> | number, subject: (...args: A) => string = () => '') {
  return async (...args: A) => {
    try {
      process.exitCode = await run(...args);
    } catch (error) {
      if (isClosedPipe(error)) return;
      process.stderr.write(`jixiao: ${subject(...args)}${databaseNamed(error, args)}\n`);
      process.exitCode = 1;
    }
  };
}

const VOCABULARY_HELP = 'a YAML file of column synonyms, form-field labels and total words to add (see docs/templates.md)';

/** A SQLite file, or a PostgreSQL server's postgres:// address (docs/postgresql.md); JIXIAO_DB gives it for every command. */
const dbOption = () => new Option('--db <file|url>', 'the SQLite database, or postgres://user@host:port/dbname').env('JIXIAO_DB').default(DEFAULT_DATABASE);

/** Every command and option; actions set `process.exitCode`. */
export function buildProgram(): Command {
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
        'the blocks, the rows kept and dropped and why. A path or URL that is no file here is looked up in the database (--db): ' +
        'its stored reading is explained (a crawled report, a database from another machine).\n\n' +
        'Example: jixiao explain report.pdf --table 2\nExample: jixiao explain https://czj.example.gov.cn/files/2021.pdf --db postgres://jixiao@dbhost/jixiao',
    )
    .argument('<file>', 'the report file; or a path or URL the database holds (a crawled report): its stored reading')
    .option('--table <n>', 'only this table (1 for the first, as warnings number them)', positiveInteger)
    .addOption(dbOption())
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
          'Exit status 1 when a URL failed for the first time or a site was unreachable (reasons on stderr), 0 otherwise ' +
          '(URLs still failing since an earlier run are listed, not raised again), 2 for a usage error.\n\n' +
          'Example: jixiao crawl https://czj.example.gov.cn/yjsgk/index.html\n' +
          'Example: jixiao crawl --sites sites.yaml --no-progress --json\n' +
          'Example: jixiao crawl --discover https://www.example.gov.cn/',
      )
      .argument('[urls...]', 'start URLs (listing pages); or use --sites')
      .option('--sites <file>', 'a sites file (YAML or JSON): per-site start URLs, patterns, limits (see sites.example.yaml)')
      .option('--discover', 'the start URLs are home pages: find their 预决算/预算绩效 sections by link text, crawl those, print them')
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
      'Which reports hold the text: one line per report (file or URL, page, department and year, copies, snippet).\n' +
        'Spaces mean AND; full-width letters and phrases wrapped in table cells are found; when a phrase occurs nowhere, ' +
        'texts holding most of it are listed marked ≈. Exit status 1 when nothing is found.\n\n' +
        'Example: jixiao search 预算执行率\nExample: jixiao search "绩效 自评" --limit 50\nExample: jixiao search --section 存在问题 预算编制',
    )
    .argument('<text...>', 'what to look for (terms separated by spaces must all occur)')
    .addOption(dbOption())
    .addOption(new Option('--section <tag>', 'only in the sections with this tag').choices([...SECTION_TAGS]))
    .option('--limit <n>', 'at most this many reports (stderr says how many more there were)', positiveInteger, 20)
    .option('--json', 'print hits as JSON')
    .action(action(runSearch));

  program
    .command('export')
    .description(
      'Write a table or view as CSV or JSON, or every one (--all) as CSV or Parquet files with a datapackage.json.\n' +
        'The format is --format, else the extension of --out (.json: JSON), else CSV. A CSV file written with --out starts with a ' +
        'UTF-8 byte-order mark so Excel reads its Chinese (--no-excel leaves it out); CSV on stdout has one only with --excel.\n\n' +
        'Examples: jixiao export missed_targets --out exports/missed.csv\n' +
        '          jixiao export --all --format parquet --out exports/jixiao',
    )
    .argument('[name]', 'table or view, e.g. indicator_results, missed_targets, budget_execution')
    .addOption(dbOption())
    .option('--all', 'every table and view, into the folder --out (replaced whole if it holds an earlier export)')
    .addOption(new Option('--format <format>', 'output format (default: from --out, else csv; parquet with --all only)').choices(['csv', 'json', 'parquet']))
    .option('--out <path>', 'write to a file (a folder with --all) instead of stdout; its folder is created')
    .option('--excel', 'start CSV with a UTF-8 byte-order mark, for Excel (the default for files)')
    .option('--no-excel', 'no byte-order mark, even in a file')
    .action(action(runExport));

  program
    .command('copy')
    .description(
      'Copy a whole database into an empty one: SQLite to PostgreSQL or back (see docs/postgresql.md). Either is a file or a postgres:// address.\n\n' +
        'Example: jixiao copy --from data/jixiao.sqlite --to postgres://jixiao@localhost:5432/jixiao',
    )
    .requiredOption('--from <file|url>', 'the database to copy')
    .requiredOption('--to <file|url>', 'the empty database to copy into (created and migrated if need be)')
    .option('--json', 'print the rows copied per table as JSON')
    .action(action(runCopy));

  program
    .command('serve')
    .description(
      "The journalist's desk: a read-only web app over the database (lists, reports, every number opened on its source page, search, charts).\n" +
        'Listens on 127.0.0.1 only, unless --host says otherwise; see docs/serve.md.\n\n' +
        'Example: jixiao serve --db data/jixiao.sqlite',
    )
    .addOption(dbOption())
    .option('--port <n>', 'the port to listen on', portNumber, 8631)
    .option('--host <address>', 'the address to listen on (another than 127.0.0.1 lets other machines in)', '127.0.0.1')
    .action(action(runServe));

  return program;
}

/**
 * Parse `argv` (user arguments only, without node and the script) and run the command; resolves to
 * the exit status. `jixiao` with no command prints the help on stderr and is a usage error.
 */
export async function runProgram(argv: readonly string[]): Promise<number> {
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // Commander has already printed its message; --help, `help` and --version exit 0, the rest are usage errors.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_ERROR;
    process.stderr.write(`jixiao: ${errorReason(error)}\n`);
    return 1;
  }
  return Number(process.exitCode ?? 0);
}
