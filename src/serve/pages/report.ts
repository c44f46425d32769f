/**
 * A report's page: its fields, budget lines and indicators (every printed number a link to where it
 * was read; missed targets marked), the checks that failed, its sections, and the other files holding it.
 */
import { VALUE_FIELDS, type DeskReader, type Row, type ValueOwner } from '../../store/desk.js';
import { html, type Html } from '../html.js';
import { kindLabel, label } from '../labels.js';
import { layout } from '../layout.js';

function numberCell(owner: ValueOwner, row: Row, field: string): Html {
  const value = row[field];
  if (value === null || value === undefined || value === '') return html`<td class="num" data-column="${field}"></td>`;
  return html`<td class="num" data-column="${field}"><a href="/source/${owner}/${row.id}/${field}">${value}</a></td>`;
}

/** A table's heading row: each column's name in words. */
const headRow = (columns: readonly string[]) =>
  html`<thead>
    <tr>
      ${columns.map((c) => html`<th>${label(c)}</th>`)}
    </tr>
  </thead>`;

function budgetTable(lines: Row[]): Html {
  if (!lines.length) return html`<p class="muted">没有读到预算表。</p>`;
  const fields = VALUE_FIELDS.budget_line.filter((f) => lines.some((l) => l[f] !== null));
  return html`<div class="scroll">
    <table id="budget-lines">
      ${headRow(['project', 'line', ...fields, 'page'])}
      <tbody>
        ${lines.map(
          (l) =>
            html`<tr>
              <td>${l.project}</td>
              <td>${l.name}</td>
              ${fields.map((f) => numberCell('budget_line', l, f))}
              <td class="num">${l.page}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function indicatorTable(indicators: Row[]): Html {
  if (!indicators.length) return html`<p class="muted">没有读到绩效指标。</p>`;
  const met = (m: unknown) => (m === 0 ? html`<span class="badge">未完成</span>` : m === 1 ? html`<span class="badge ok">完成</span>` : '');
  return html`<div class="scroll">
    <table id="indicators">
      ${headRow(['project', 'level1', 'category', 'indicator', ...VALUE_FIELDS.indicator, 'met', 'deviation', 'page'])}
      <tbody>
        ${indicators.map(
          (i) =>
            html`<tr class="${i.met === 0 ? 'missed' : ''}" data-indicator="${i.id}">
              <td>${i.project}</td>
              <td>${i.level1}</td>
              <td>${i.category}</td>
              <td>${i.name}</td>
              ${VALUE_FIELDS.indicator.map((f) => numberCell('indicator', i, f))}
              <td>${met(i.met)}</td>
              <td class="long">${i.deviation}</td>
              <td class="num">${i.page}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function checksTable(checks: Row[]): Html {
  if (!checks.length) return html`<p class="muted">报告自身的数字没有发现不一致。</p>`;
  const columns = ['check', 'subject', 'project', 'stated', 'computed', 'detail', 'page'];
  return html`<div class="scroll">
    <table id="checks">
      ${headRow(columns)}
      <tbody>
        ${checks.map(
          (c) =>
            html`<tr>
              ${columns.map((k) => html`<td>${c[k]}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function sectionList(sections: Row[]): Html {
  if (!sections.length) return html`<p class="muted">没有识别出章节。</p>`;
  return html`${sections.map(
    (s) =>
      html`<details${s.tag === '存在问题' ? html` open` : ''}><summary>${s.heading}${s.tag ? html` <span class="muted">[${s.tag}]</span>` : ''}${
        s.page ? html` <span class="muted">第 ${s.page} 页</span>` : ''
      }</summary><p>${s.text}</p></details>`,
  )}`;
}

function copiesTable(copies: Row[], reportId: number): Html {
  const columns = ['format', 'path', 'chosen', 'attachment', 'indicators', 'budget_lines'];
  return html`<div class="scroll">
    <table id="copies">
      ${headRow(columns)}
      <tbody>
        ${copies.map(
          (c) => html`<tr${c.report_id === reportId ? html` class="current"` : ''}><td>${c.format}</td>
        <td class="path"><a href="/report/${c.report_id}">${c.path}</a>${c.report_id === reportId ? html` <span class="muted">（本页）</span>` : ''}</td>
        <td>${c.chosen ? '是' : ''}</td><td>${c.attachment ? '是' : ''}</td><td class="num">${c.indicators}</td><td class="num">${c.budget_lines}</td></tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The page of a report, or null when there is no such report. */
export async function reportHtml(reader: DeskReader, reportId: number): Promise<Html | null> {
  const detail = await reader.reportDetail(reportId);
  if (!detail) return null;
  const r = detail.report;
  const missed = detail.indicators.filter((i) => i.met === 0).length;
  const fields: [string, unknown][] = [
    ['department', r.department],
    ['region', r.region],
    ['year', r.year],
    ['kind', kindLabel(r.kind)],
    ['project', r.project],
    ['self_score', r.self_score],
    ['grade', r.grade],
    ['format', r.format],
    ['pages', r.pages],
    ['path', r.path],
    ['url', r.url],
  ];
  const body = html`<h1 id="report-title">${r.title ?? r.file_name}</h1>
    <dl class="fields">
      ${fields
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(
          ([k, v]) =>
            html`<dt>${label(k)}</dt>
              <dd>${String(v)}</dd>`,
        )}
      <dt>原文件</dt>
      <dd>
        <a href="/file/${r.document_id}">下载</a
        >${typeof r.url === 'string' && /^https?:\/\//i.test(r.url) ? html` · <a href="${r.url as string}" rel="noreferrer noopener">原网址</a>` : ''}
      </dd>
    </dl>
    <h2>预算执行（${detail.budgetLines.length} 行）</h2>
    ${budgetTable(detail.budgetLines)}
    <h2>绩效指标（${detail.indicators.length} 项，未完成 ${missed} 项）</h2>
    ${indicatorTable(detail.indicators)}
    <h2>不一致之处（${detail.checks.length}）</h2>
    ${checksTable(detail.checks)}
    <h2>章节（${detail.sections.length}）</h2>
    ${sectionList(detail.sections)}
    <h2>副本（${detail.copies.length}）</h2>
    ${copiesTable(detail.copies, reportId)}`;
  return layout(await reader.availableLists(), String(r.title ?? r.file_name), body);
}
