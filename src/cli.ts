#!/usr/bin/env node
/** The jixiao binary: the commands of src/cli/program.ts over `process.argv`. */
import { stopQuietlyOnClosedPipe } from './cli/output.js';
import { runProgram } from './cli/program.js';

stopQuietlyOnClosedPipe();
process.exitCode = await runProgram(process.argv.slice(2));
