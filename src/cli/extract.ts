/**
 * `jixiao extract FILE`: one document's records, as JSON or as a short readable summary. The file is
 * read in a worker thread under the same limits as a batch (time, heap, unpacked size), so one
 * hostile file ends with one line and exit 1 here too.
 */
import { UnreadableFileError } from '../extract/errors.js';
import { workerRunner } from '../ingest/pool.js';
import type { ReportRecord } from '../normalize/schema.js';
import { fileLimits, type LimitOptions } from './limits.js';

export interface ExtractOptions extends LimitOptions {
  json?: boolean;
}

function summary(record: ReportRecord): string {
  const { report, budget_lines: budget, indicators } = record;
  const unmet = indicators.filter((i) => i.met === false);
  const lines = [
    `${report.title ?? '(no title)'}`,
    `  department ${report.department ?? '-'} · region ${report.region ?? '-'} · year ${report.year ?? '-'} · kind ${report.kind}`,
    `  self-score ${report.self_score ?? '-'} · grade ${report.grade ?? '-'}${report.project ? ` · project ${report.project}` : ''}`,
    `  ${budget.length} budget lines, ${indicators.length} indicators, ${unmet.length} missed`,
    ...unmet.map((i) => `    missed: ${i.name} (target ${i.target?.raw ?? '-'}, actual ${i.actual?.raw ?? '-'})`),
  ];
  return lines.join('\n');
}

export async function runExtract(file: string, options: ExtractOptions): Promise<number> {
  const runner = workerRunner(1, { limits: fileLimits(options) });
  try {
    const { outcome } = await runner.run({ kind: 'file', path: file });
    if (!outcome.ok) throw new UnreadableFileError(outcome.error);
    process.stdout.write(options.json ? `${JSON.stringify(outcome.record, null, 1)}\n` : `${summary(outcome.record)}\n`);
    return 0;
  } finally {
    await runner.close();
  }
}
