/**
 * `jixiao extract FILE`: one document's records, as JSON or as a short readable summary. The file is
 * read in a worker thread under the same limits as a batch (time, heap, unpacked size), so one
 * hostile file ends with one line and exit 1 here too.
 */
import type { Check } from '../check/index.js';
import { UnreadableFileError } from '../extract/errors.js';
import { DEFAULT_EXTRACT_OPTIONS } from '../extract/options.js';
import { workerRunner } from '../ingest/pool.js';
import type { ReportRecord, TableWarning } from '../normalize/schema.js';
import { fileLimits, type LimitOptions } from './limits.js';
import { vocabularyAdditions, type VocabularyOption } from './vocabulary.js';

export interface ExtractOptions extends LimitOptions, VocabularyOption {
  json?: boolean;
  /** False with --no-ocr. */
  ocr?: boolean;
}

function checkLine(c: Check): string {
  const figures = [c.stated === null ? null : `stated ${c.stated}`, c.computed === null ? null : `computed ${c.computed}`].filter(Boolean).join(', ');
  return `    ${c.check}: ${c.project ? `${c.project} · ` : ''}${c.subject}${figures ? ` (${figures})` : ''}: ${c.detail}${c.page ? `, p.${c.page}` : ''}`;
}

function summary(record: ReportRecord, checks: Check[]): string {
  const { report, budget_lines: budget, indicators } = record;
  const unmet = indicators.filter((i) => i.met === false);
  const lines = [
    `${report.title ?? '(no title)'}`,
    `  department ${report.department ?? '-'} · region ${report.region ?? '-'} · year ${report.year ?? '-'} · kind ${report.kind}`,
    `  self-score ${report.self_score ?? '-'} · grade ${report.grade ?? '-'}${report.project ? ` · project ${report.project}` : ''}`,
    `  ${budget.length} budget lines, ${indicators.length} indicators, ${unmet.length} missed`,
    ...unmet.map((i) => `    missed: ${i.name} (target ${i.target?.raw ?? '-'}, actual ${i.actual?.raw ?? '-'})`),
    `  ${checks.length ? `${checks.length} inconsistencies` : 'figures consistent'}`,
    ...checks.map(checkLine),
    ...(record.warnings.length ? [`  ${record.warnings.length} table(s) not recognised: see the lines on stderr`] : []),
  ];
  return lines.join('\n');
}

/** One stderr line per table that could not be read: not an error, the document's other records stand. */
export function warningLine(file: string, warning: TableWarning): string {
  return `jixiao: ${file}: page ${warning.page ?? '-'}, table ${warning.table + 1}: columns not recognised: ${warning.header}`;
}

export async function runExtract(file: string, options: ExtractOptions): Promise<number> {
  const runner = workerRunner(1, { limits: fileLimits(options), vocabulary: vocabularyAdditions(options) });
  try {
    const { outcome } = await runner.run({ kind: 'file', path: file, options: { ...DEFAULT_EXTRACT_OPTIONS, ocr: options.ocr !== false } });
    if (!outcome.ok) throw new UnreadableFileError(outcome.error);
    const { record, checks } = outcome;
    for (const warning of outcome.readingWarnings) process.stderr.write(`jixiao: ${file}: warning: ${warning}\n`);
    process.stdout.write(options.json ? `${JSON.stringify({ ...record, checks }, null, 1)}\n` : `${summary(record, checks)}\n`);
    for (const warning of record.warnings) process.stderr.write(`${warningLine(file, warning)}\n`);
    return 0;
  } finally {
    await runner.close();
  }
}
