/** `jixiao extract FILE`: one document's records, as JSON or as a short readable summary. */
import type { ReportRecord } from '../normalize/schema.js';
import { extractReport } from '../pipeline.js';

export interface ExtractOptions {
  json?: boolean;
  /** False with --no-ocr. */
  ocr?: boolean;
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
  const { record, document } = await extractReport(file, { ocr: options.ocr !== false });
  for (const warning of document.warnings ?? []) process.stderr.write(`jixiao: ${file}: warning: ${warning}\n`);
  process.stdout.write(options.json ? `${JSON.stringify(record, null, 1)}\n` : `${summary(record)}\n`);
  return 0;
}
