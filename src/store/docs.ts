/**
 * What every table, view and column of the database means, in plain words. The Datasette metadata
 * file and the README's schema section are generated from this; a test checks it names exactly the
 * columns the migrations create.
 */

export interface RelationDoc {
  name: string;
  kind: 'table' | 'view';
  description: string;
  columns: Record<string, string>;
}

const TARGET_ACTUAL = (side: 'target' | 'actual'): Record<string, string> => ({
  [`${side}_raw`]: `The ${side} as printed in the report`,
  [`${side}_op`]: `How to read the ${side}: = >= > <= < between, or text`,
  [`${side}_value`]: `The ${side} as a number (money in 元, percentages in percent points)`,
  [`${side}_low`]: `Low end of a range ${side} (2-3家 → 2)`,
  [`${side}_high`]: `High end of a range ${side} (2-3家 → 3)`,
  [`${side}_unit`]: `Unit of the ${side}: 元, %, 家, 人次 …`,
  [`${side}_text`]: `The ${side} when it is words, not a number (消除, 合规)`,
});

export const RELATIONS: RelationDoc[] = [
  {
    name: 'documents',
    kind: 'table',
    description: 'Every file ever ingested, one row per distinct content (sha256). A file changed at a known path gets a new row with the next version; the old one is kept.',
    columns: {
      id: 'Document id',
      path: 'Absolute path the file was read from',
      file_name: 'File name without folders',
      sha256: 'SHA-256 of the file bytes: the same bytes are never stored twice',
      size_bytes: 'File size in bytes',
      format: 'pdf, docx, doc, html, txt, xlsx or xls',
      pages: 'Number of pages (PDF), else empty',
      status: 'ok, or failed when the file could not be read',
      error: 'Why the file could not be read (password required, damaged, scanned …)',
      version: '1 for the first content seen at this path, 2 for the next, …',
      is_current: '1 for the newest version at its path; views show only these',
      extractor_version: 'Version of jixiao that read the file',
      ingested_at: 'When it was stored (UTC, ISO 8601)',
      ocr: '1 when some pages had no text layer and were read from their images by OCR',
    },
  },
  {
    name: 'document_content',
    kind: 'table',
    description: 'The extracted document (paragraphs and tables, as JSON, gzip-compressed), kept so a newer parser can re-read it without the file.',
    columns: { document_id: 'Document id', model_json_gzip: 'The document model, gzip-compressed JSON' },
  },
  {
    name: 'reports',
    kind: 'table',
    description: 'What each readable document is: one row per document with status ok.',
    columns: {
      id: 'Report id',
      document_id: 'The document it was read from',
      title: 'Title as printed',
      department: 'Issuing department (主管部门 / 单位)',
      region: 'Administrative areas named in the department (广州市天河区)',
      year: 'Fiscal year evaluated (not the year of publication)',
      kind: 'department_overall (部门整体支出), project (项目支出), final_accounts (部门决算) or unknown',
      project: 'Project name, for project reports',
      self_score: 'Self-assessed score (自评分数 / 总分)',
      grade: 'Self-assessed grade: 优 良 中 差',
    },
  },
  {
    name: 'source_tables',
    kind: 'table',
    description: 'Every table found in a document, recognised or not, in document order (tables continued over pages count once).',
    columns: {
      id: 'Table id',
      document_id: 'The document it is in',
      table_no: 'Position among the document’s tables, from 0',
      kind: 'budget, indicators, form (labelled fields only) or other',
      page: 'Page it starts on',
      label: 'Where it sits in the file (a sheet name, "table 3")',
      project: 'Project named in the table (项目名称), if any',
      row_count: 'Rows',
      column_count: 'Columns',
    },
  },
  {
    name: 'source_cells',
    kind: 'table',
    description: 'The cells of every table, as printed: the raw material behind every number.',
    columns: {
      table_id: 'The table',
      row_no: 'Row, from 0',
      column_no: 'Column, from 0',
      row_span: 'Rows the cell covers (merged cells)',
      column_span: 'Columns the cell covers',
      page: 'Page the cell is on',
      text: 'Cell text as printed',
      confidence: 'For a cell read by OCR, how sure recognition was of its least certain character (0–1); empty for a text layer',
    },
  },
  {
    name: 'budget_lines',
    kind: 'table',
    description: 'One row per line of a budget-execution table. Money in 元.',
    columns: {
      id: 'Budget line id',
      report_id: 'The report',
      line_no: 'Position among the report’s budget lines, from 0',
      table_id: 'The table it was read from',
      page: 'Page it is printed on',
      project: 'Project the table belongs to (a project form’s 项目名称), else empty',
      name: 'Line name (合计, 基本支出, 项目支出 …)',
      initial_budget: 'Budget at the start of the year (年初预算数), 元',
      adjustment: 'Adjustments during the year (调整数, 调剂追加), 元',
      final_budget: 'Budget after adjustments (全年预算数, 实际下达), 元',
      spent: 'Amount spent (执行数, 实际支出), 元',
      execution_rate: 'Execution rate as printed, in percent points (99.79 = 99.79%)',
      weight: 'Points this line is worth (分值)',
      score: 'Points it scored (得分)',
      confidence: 'Read by OCR: the lowest confidence (0–1) among the row\'s cells; empty for a text layer',
    },
  },
  {
    name: 'indicators',
    kind: 'table',
    description: 'One row per performance indicator: what was targeted, what was achieved, and whether the target was met.',
    columns: {
      id: 'Indicator id',
      report_id: 'The report',
      line_no: 'Position among the report’s indicators, from 0',
      table_id: 'The table it was read from',
      page: 'Page it is printed on',
      project: 'Program (一级项目) or the project of a project form',
      subproject: 'Sub-project (二级项目)',
      level1: 'First-level indicator (产出指标, 效益指标, 满意度指标 …)',
      category: 'Second-level indicator or type (数量指标, 质量指标 …)',
      name: 'The indicator (三级指标)',
      ...TARGET_ACTUAL('target'),
      ...TARGET_ACTUAL('actual'),
      weight: 'Points the indicator is worth (分值)',
      score: 'Points it scored (得分)',
      deviation: 'Explanation given for a shortfall (偏差原因分析及改进措施)',
      met: '1 when the actual meets the target, 0 when it misses, empty when that cannot be told',
      confidence: 'Read by OCR: the lowest confidence (0–1) among the row\'s cells; empty for a text layer',
    },
  },
  {
    name: 'document_text',
    kind: 'table',
    description: 'Full text of every document, one row per page, for full-text search (trigram index: 3 or more characters).',
    columns: {
      document_id: 'The document',
      page: 'Page number (empty for formats without pages)',
      text: 'Text as printed (Traditional Chinese kept)',
      text_simplified: 'The same text in Simplified Chinese, where it differs',
    },
  },
  {
    name: 'current_reports',
    kind: 'view',
    description: 'Reports from the newest version of each file.',
    columns: {
      report_id: 'Report id',
      document_id: 'Document id',
      path: 'File it was read from',
      file_name: 'File name',
      format: 'File format',
      title: 'Title',
      department: 'Issuing department',
      region: 'Region',
      year: 'Fiscal year',
      kind: 'Report kind',
      project: 'Project, for project reports',
      self_score: 'Self-assessed score',
      grade: 'Self-assessed grade',
    },
  },
  {
    name: 'indicator_results',
    kind: 'view',
    description: 'Every indicator with its department, region, year and report: start here for "which targets were missed".',
    columns: {
      department: 'Issuing department',
      region: 'Region',
      year: 'Fiscal year',
      kind: 'Report kind',
      project: 'Program or project',
      subproject: 'Sub-project',
      level1: 'First-level indicator',
      category: 'Indicator type',
      indicator: 'The indicator',
      target: 'Target as printed',
      actual: 'Actual as printed',
      target_op: 'How to read the target',
      target_value: 'Target as a number',
      target_low: 'Low end of a range target',
      target_high: 'High end of a range target',
      target_unit: 'Unit of the target',
      actual_value: 'Actual as a number',
      actual_unit: 'Unit of the actual',
      met: '1 met, 0 missed, empty when it cannot be told',
      weight: 'Points the indicator is worth',
      score: 'Points it scored',
      deviation: 'Explanation given for a shortfall',
      report_title: 'Title of the report',
      path: 'File it was read from',
      page: 'Page it is printed on',
      indicator_id: 'Indicator id',
      report_id: 'Report id',
    },
  },
  {
    name: 'missed_targets',
    kind: 'view',
    description: 'Indicators whose actual did not meet the target (met = 0).',
    columns: {},
  },
  {
    name: 'budget_execution',
    kind: 'view',
    description: 'Every budget line with its department, year and how much went unspent: start here for "which departments under-spent".',
    columns: {
      department: 'Issuing department',
      region: 'Region',
      year: 'Fiscal year',
      kind: 'Report kind',
      project: 'Project the line belongs to, if any',
      line: 'Line name',
      initial_budget: 'Budget at the start of the year, 元',
      adjustment: 'Adjustments, 元',
      final_budget: 'Budget after adjustments, 元',
      spent: 'Amount spent, 元',
      execution_rate: 'Execution rate as printed, percent points',
      execution_rate_computed: 'spent / final_budget × 100, computed here',
      unspent: 'final_budget − spent, 元',
      is_block_total: '1 for the first line of its table and project, which the templates use for the total',
      report_title: 'Title of the report',
      path: 'File it was read from',
      page: 'Page it is printed on',
      budget_line_id: 'Budget line id',
      report_id: 'Report id',
    },
  },
  {
    name: 'department_spending',
    kind: 'view',
    description: 'Budget and spending per department and year, from the total line of each department-level budget table (project forms are left out so nothing is counted twice).',
    columns: {
      department: 'Issuing department',
      region: 'Region',
      year: 'Fiscal year',
      reports: 'Reports the figures come from',
      final_budget: 'Budget after adjustments, 元',
      spent: 'Amount spent, 元',
      execution_rate: 'spent / final_budget × 100',
      unspent: 'final_budget − spent, 元',
    },
  },
  {
    name: 'low_confidence_values',
    kind: 'view',
    description: 'Table cells read by OCR with a confidence below 0.9, for a person to check against the page.',
    columns: {
      path: 'File it was read from',
      page: 'Page the cell is on',
      field: "Heading over the cell's column (the table's first row)",
      text: 'The cell text as recognised',
      confidence: 'How sure recognition was of its least certain character (0–1)',
      table_no: 'Table number in the document, from 0',
      row_no: 'Row in the table, from 0',
      column_no: 'Column in the table, from 0',
      document_id: 'Document id',
    },
  },
];

/** missed_targets has the columns of indicator_results. */
RELATIONS.find((r) => r.name === 'missed_targets')!.columns = RELATIONS.find((r) => r.name === 'indicator_results')!.columns;

/** Datasette's metadata.json: a title, and a description for every table and column. */
export function datasetteMetadata(databaseName: string): object {
  return {
    title: 'jixiao: Chinese government performance self-evaluation reports',
    description: 'Reports (绩效自评报告), their budget-execution lines and performance indicators, each traceable to its file and page.',
    databases: {
      [databaseName]: {
        tables: Object.fromEntries(
          RELATIONS.map((r) => [r.name, { description: r.description, columns: r.columns }]),
        ),
      },
    },
  };
}

/** The README's schema section: every table and view with its columns, one line each. */
export function schemaMarkdown(): string {
  const section = (r: RelationDoc) => {
    const columns = r === RELATIONS.find((x) => x.name === 'missed_targets') ? '' : Object.entries(r.columns).map(([c, d]) => `  - \`${c}\`: ${d}`).join('\n');
    return `- **\`${r.name}\`** (${r.kind}): ${r.description}${columns ? `\n${columns}` : ' Same columns as `indicator_results`.'}`;
  };
  return [...RELATIONS.filter((r) => r.kind === 'view'), ...RELATIONS.filter((r) => r.kind === 'table')].map(section).join('\n');
}
