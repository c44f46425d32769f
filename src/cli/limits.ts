/** The per-file limits as `extract` and `ingest` take them on the command line. */
import { Option, type Command } from 'commander';
import { positiveNumber } from './arguments.js';
import { DEFAULT_MAX_UNPACKED_MB, MB } from '../extract/unpack/limits.js';
import { DEFAULT_FILE_LIMITS, DEFAULT_FILE_TIMEOUT_SECONDS, type FileLimits } from '../ingest/limits.js';

export interface LimitOptions {
  fileTimeout: number;
  maxUnpacked: number;
}

export function addLimitOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--file-timeout <seconds>', 'stop reading a file after this long (it fails)').argParser(positiveNumber).default(DEFAULT_FILE_TIMEOUT_SECONDS),
    )
    .addOption(
      new Option('--max-unpacked <MB>', 'refuse a DOCX/XLSX/XLS/DOC that unpacks to more than this').argParser(positiveNumber).default(DEFAULT_MAX_UNPACKED_MB),
    );
}

export function fileLimits(options: LimitOptions): FileLimits {
  return { ...DEFAULT_FILE_LIMITS, timeoutSeconds: options.fileTimeout, unpack: { maxUnpackedBytes: Math.round(options.maxUnpacked * MB) } };
}
