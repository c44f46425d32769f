/**
 * `jixiao export NAME`: any table or view as CSV or JSON, streamed to stdout or a file. The format
 * is `--format`, else the extension of `--out` (.json → JSON), else CSV. A CSV file gets a UTF-8
 * byte-order mark, without which Excel on a Chinese Windows reads it as GBK and shows mojibake;
 * CSV on stdout gets one only with --excel (other programs reading a pipe do not expect it).
 */
import { mkdirSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { ExportFormat } from '../store/read.js';
import { openDocumentStore } from '../store/store.js';
import { writeFileAtomically } from './atomic-write.js';
import { isClosedPipe } from './output.js';

export interface ExportCommandOptions {
  db: string;
  format?: ExportFormat;
  out?: string;
  /** true with --excel, false with --no-excel; by default a byte-order mark in CSV files only. */
  excel?: boolean;
}

/** Excel reads a CSV as UTF-8 only when it starts with this. */
export const BYTE_ORDER_MARK = '\ufeff';

/** Synchronous writes to stdout: a reader closing the pipe ends the export quietly. */
class PipeClosed extends Error {}

function writeToStdout(chunk: string): void {
  try {
    writeSync(1, chunk);
  } catch (error) {
    throw isClosedPipe(error) ? new PipeClosed() : error;
  }
}

export function exportFormat(options: Pick<ExportCommandOptions, 'format' | 'out'>): ExportFormat {
  if (options.format) return options.format;
  return options.out && path.extname(options.out).toLowerCase() === '.json' ? 'json' : 'csv';
}

export async function runExport(name: string, options: ExportCommandOptions): Promise<number> {
  const format = exportFormat(options);
  const bom = format === 'csv' && (options.excel ?? Boolean(options.out));
  const db = await openDocumentStore(options.db, { readonly: true });
  try {
    if (options.out) {
      mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
      await writeFileAtomically(options.out, async (write) => {
        if (bom) write(BYTE_ORDER_MARK);
        await db.exportRelation(name, format, write);
      }).catch((error: unknown) => {
        // A file-system error (the folder read-only, the disk full) names the file; others are our own words already.
        const { syscall, code } = error as NodeJS.ErrnoException;
        throw syscall ? new Error(`${options.out}: cannot write: ${code}`) : error;
      });
    } else {
      try {
        if (bom) writeToStdout(BYTE_ORDER_MARK);
        await db.exportRelation(name, format, writeToStdout);
      } catch (error) {
        if (!(error instanceof PipeClosed)) throw error;
      }
    }
    return 0;
  } finally {
    await db.close();
  }
}
