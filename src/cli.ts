#!/usr/bin/env node
/** The jixiao command line: a thin layer over the library, one module per command. */
import { Command } from 'commander';
import { runExtract } from './cli/extract.js';
import { errorReason } from './extract/errors.js';

const program = new Command();

program
  .name('jixiao')
  .description('Turn Chinese government performance self-evaluation reports (绩效自评报告) into records and SQLite.')
  .version('0.1.0');

program
  .command('extract')
  .description('Print the records of one report (PDF, DOCX, HTML, text …).\n\nExample: jixiao extract report.docx --json')
  .argument('<file>', 'the report file')
  .option('--json', 'print the contract JSON (see README) instead of a summary')
  .action(async (file: string, options: { json?: boolean }) => {
    try {
      await runExtract(file, options);
    } catch (error) {
      // One line naming the file and the reason, never a stack trace.
      process.stderr.write(`jixiao: ${file}: ${errorReason(error)}\n`);
      process.exitCode = 1;
    }
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`jixiao: ${errorReason(error)}\n`);
  process.exitCode = 2;
});
