/** Full-text search: one hit per report (the copies holding it counted beside it), with department, year and a snippet. */
import { SECTION_TAGS } from '../../parse/section-tags.js';
import type { DeskReader } from '../../store/desk.js';
import { html, type Html } from '../html.js';
import { layout } from '../layout.js';

const LIMIT = 100;

/** A snippet with the found term, which search marks [so], highlighted. */
function snippet(text: string): Html {
  const parts = text.split(/\[([^\]]*)\]/);
  return html`${parts.map((part, i) => (i % 2 ? html`<mark>${part}</mark>` : part))}`;
}

export async function searchHtml(reader: DeskReader, query: string, section: string): Promise<Html> {
  const result = query ? await reader.search(query, { limit: LIMIT, section: section || undefined }) : { hits: [], total: 0 };
  const reports = await reader.reportsAtPaths(result.hits.map((h) => h.path));
  const form = html`<form class="filters" method="get" action="/search">
    <label>搜索<input type="search" name="q" value="${query}" maxlength="200" required /></label>
    <label
      >章节<select name="section">
        <option value="">全文</option>
        ${SECTION_TAGS.map((t) => html`<option value="${t}" ${t === section ? html` selected` : ''}>${t}</option>`)}
      </select></label
    >
    <button type="submit">搜索</button>
  </form>`;
  const partial = result.hits[0]?.match === 'partial';
  const body = html`<h1>搜索</h1>
    ${form}
    ${
      query
        ? html`<p id="search-total">
            找到 ${result.total}
            份报告${result.total > result.hits.length ? html`，显示前 ${result.hits.length} 份` : ''}${
              partial ? '（没有完全相同的文字，列出包含其大部分的报告）' : ''
            }
          </p>`
        : ''
    }
    <ul class="hits" id="hits">
      ${result.hits.map((hit) => {
        const reportId = reports.get(hit.path);
        const where = html`${hit.department ?? '未识别部门'} ·
        ${hit.year ?? '年度不详'}${hit.page ? html` · 第 ${hit.page} 页` : ''}${hit.heading ? html` · ${hit.heading}` : ''}`;
        return html`<li>
          <div>
            <b>${reportId ? html`<a href="/report/${reportId}">${where}</a>` : where}</b>${
              hit.copies > 1 ? html` <span class="muted">（${hit.copies} 个副本）</span>` : ''
            }
          </div>
          <div class="snippet">${snippet(hit.snippet)}</div>
          <div class="path muted">${hit.url ?? hit.path}</div>
        </li>`;
      })}
    </ul>`;
  return layout(await reader.availableLists(), query ? `搜索：${query}` : '搜索', body, { query });
}
