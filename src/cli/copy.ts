/** `jixiao copy --from A --to B`: a database moved between SQLite and PostgreSQL (either way), whole. */
import { copyStore } from '../store/copy.js';
import { openDocumentStore } from '../store/store.js';

export interface CopyCommandOptions {
  from: string;
  to: string;
  json?: boolean;
}

export async function runCopy(options: CopyCommandOptions): Promise<number> {
  const from = await openDocumentStore(options.from);
  try {
    const to = await openDocumentStore(options.to);
    try {
      const copied = await copyStore(from, to);
      if (options.json) process.stdout.write(`${JSON.stringify({ from: from.name, to: to.name, rows: copied }, null, 1)}\n`);
      else {
        const rows = Object.entries(copied).filter(([, n]) => n > 0);
        process.stdout.write(`${from.name} → ${to.name}\n${rows.map(([table, n]) => `  ${table} ${n}`).join('\n')}\n`);
      }
      return 0;
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}
