/** `jixiao export NAME`: any table or view as CSV or JSON, streamed to stdout or a file. */
import { writeSync } from 'node:fs';
import { openStore } from '../store/db.js';
import { exportRelation, type ExportFormat } from '../store/read.js';
import { writeFileAtomically } from './atomic-write.js';
import { isClosedPipe } from './output.js';

/** Synchronous writes to stdout: a reader closing the pipe ends the export quietly. */
class PipeClosed extends Error {}

function writeToStdout(chunk: string): void {
  try {
    writeSync(1, chunk);
  } catch (error) {
    throw isClosedPipe(error) ? new PipeClosed() : error;
  }
}

export async function runExport(name: string, options: { db: string; format: ExportFormat; out?: string }): Promise<number> {
  const db = openStore(options.db, { readonly: true });
  try {
    if (options.out) {
      await writeFileAtomically(options.out, (write) => {
        exportRelation(db, name, options.format, write);
      });
    } else {
      try {
        exportRelation(db, name, options.format, writeToStdout);
      } catch (error) {
        if (!(error instanceof PipeClosed)) throw error;
      }
    }
    return 0;
  } finally {
    db.close();
  }
}
