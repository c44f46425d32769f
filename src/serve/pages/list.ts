/**
 * A list page: one of the views, filtered by region, department, year and kind, sorted by any shown
 * column, a page at a time; the filters, order and page live in the address, so a link can be shared.
 * Its CSV and JSON downloads hold exactly the rows and columns shown.
 */
import { stringify } from 'csv-stringify/sync';
import { FILTERS, type DeskReader, type Filter, type ListName, type ListPage, type ListQuery } from '../../store/desk.js';
import { html, type Html } from '../html.js';
import { kindLabel, label, LIST_TITLES } from '../labels.js';
import { layout } from '../layout.js';
import { BadRequest, PAGE_SIZES } from '../params.js';
import { shownValue, valueCell } from './cells.js';

/** The address of a list with some parameters changed; empty ones are left out. */
function addressOf(name: string, params: Record<string, string | number>, change: Record<string, string | number | null> = {}, ext = ''): string {
  const merged = { ...params, ...change };
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) if (value !== null && value !== '' && value !== undefined) search.set(key, String(value));
  const query = search.toString();
  return `/list/${name}${ext}${query ? `?${query}` : ''}`;
}

/** The page of a list a query asks for; a sort column the list does not show is a bad request. */
export async function readList(reader: DeskReader, name: ListName, query: ListQuery): Promise<ListPage> {
  const page = await reader.listPage(name, query);
  if (query.sort && !page.columns.includes(query.sort)) throw new BadRequest(`参数 sort 不是此表的列`);
  return page;
}

function filterForm(choices: Partial<Record<Filter, (string | number)[]>>, name: ListName, page: ListPage, params: Record<string, string | number>): Html {
  const option = (value: string | number, selected: unknown, text = String(value)) =>
    html`<option value="${value}" ${String(selected ?? '') === String(value) ? html` selected` : ''}>${text}</option>`;
  const field = (f: (typeof FILTERS)[number]) => {
    if (!page.filters.includes(f)) return '';
    const values = choices[f] ?? [];
    if (f === 'department')
      return html`<label
        >${label(f)}<input name="department" list="departments" value="${params.department ?? ''}" maxlength="200" />
        <datalist id="departments">${values.map((v) => html`<option value="${v}"></option>`)}</datalist></label
      >`;
    return html`<label
      >${label(f)}<select name="${f}">
        ${option('', params[f], '全部')}${values.map((v) => option(v, params[f], f === 'kind' ? kindLabel(v) : String(v)))}
      </select></label
    >`;
  };
  return html`<form class="filters" method="get" action="/list/${name}">
    ${FILTERS.map(field)}
    <label
      >每页<select name="size">
        ${PAGE_SIZES.map((s) => option(s, params.size ?? 50))}
      </select></label
    >
    ${params.sort ? html`<input type="hidden" name="sort" value="${params.sort}" /><input type="hidden" name="dir" value="${params.dir ?? 'asc'}" />` : ''}
    <button type="submit">筛选</button> <a href="/list/${name}">清除</a>
  </form>`;
}

function header(name: string, column: string, params: Record<string, string | number>): Html {
  const sorted = params.sort === column;
  const dir = sorted && params.dir !== 'desc' ? 'desc' : 'asc';
  const arrow = sorted ? (params.dir === 'desc' ? ' ▼' : ' ▲') : '';
  return html`<th data-column="${column}"><a href="${addressOf(name, params, { sort: column, dir, page: null })}">${label(column)}${arrow}</a></th>`;
}

function pager(name: string, page: ListPage, query: ListQuery, params: Record<string, string | number>): Html {
  const pages = Math.max(1, Math.ceil(page.total / query.pageSize));
  return html`<div class="pager">
    <span>共 <b id="total">${page.total}</b> 行，第 ${query.page} / ${pages} 页</span>
    ${query.page > 1 ? html`<a href="${addressOf(name, params, { page: query.page - 1 })}" rel="prev">上一页</a>` : ''}
    ${query.page < pages ? html`<a href="${addressOf(name, params, { page: query.page + 1 })}" rel="next">下一页</a>` : ''}
    <a class="button" id="download-csv" href="${addressOf(name, params, {}, '.csv')}">下载 CSV</a>
    <a class="button" id="download-json" href="${addressOf(name, params, {}, '.json')}">下载 JSON</a>
  </div>`;
}

export async function listHtml(reader: DeskReader, name: ListName, query: ListQuery, params: Record<string, string | number>): Promise<Html> {
  const page = await readList(reader, name, query);
  const choices = await reader.filterChoices(name);
  const { title, about } = LIST_TITLES[name];
  const body = html`<h1>${title}</h1>
    <p class="about">${about}</p>
    ${filterForm(choices, name, page, params)} ${pager(name, page, query, params)}
    <div class="scroll">
      <table id="rows">
        <thead>
          <tr>
            ${page.columns.map((c) => header(name, c, params))}
          </tr>
        </thead>
        <tbody>
          ${page.rows.map(
            (row) =>
              html`<tr>
                ${page.columns.map((c) => valueCell(name, c, row))}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${page.rows.length ? '' : html`<p class="muted">没有符合条件的行。</p>`}`;
  return layout(await reader.availableLists(), title, body);
}

/** The rows shown, as CSV for a spreadsheet: a byte-order mark so Excel reads the Chinese, headings in words, values as shown. */
export function listCsv(page: ListPage): string {
  const rows = page.rows.map((row) => page.columns.map((c) => shownValue(c, row[c])));
  return `\ufeff${stringify([page.columns.map(label), ...rows])}`;
}

/** The rows shown, as JSON: the database's column names and values. */
export function listJson(page: ListPage): string {
  return `${JSON.stringify(
    page.rows.map((row) => Object.fromEntries(page.columns.map((c) => [c, row[c]]))),
    null,
    1,
  )}\n`;
}
