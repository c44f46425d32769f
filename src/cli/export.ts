/** `jixiao export NAME`: any table or view as CSV or JSON, streamed to stdout or a file. */
import { createWriteStream, writeSync } from 'node:fs';
import { openStore } from '../store/db.js';
import { exportRelation, type ExportFormat } from '../store/read.js';

export async function runExport(name: string, options: { db: string; format: ExportFormat; out?: string }): Promise<number> {
  const db = openStore(options.db, { readonly: true });
  try {
    if (options.out) {
      const stream = createWriteStream(options.out);
      exportRelation(db, name, options.format, (chunk) => stream.write(chunk));
      await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    } else {
      exportRelation(db, name, options.format, (chunk) => writeSync(1, chunk));
    }
    return 0;
  } finally {
    db.close();
  }
}
