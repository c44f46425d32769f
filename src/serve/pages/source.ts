/**
 * Where a number was read: the page of a PDF (text or scan) drawn by the desk as an image with
 * the cell's box outlined, or, for a table of HTML, DOCX, DOC, TXT, XLS or XLSX, the table drawn
 * again from the store with the cell outlined, and a link to the original file.
 */
import type { CellLocation, DeskReader, SourceCell, ValueOwner, ValueSource } from '../../store/desk.js';
import { html, jsonData, type Html } from '../html.js';
import { label } from '../labels.js';
import { layout } from '../layout.js';

function describe(location: CellLocation | null, source: ValueSource): string {
  if (!location) return source.page ? `第 ${source.page} 页（未记录单元格位置）` : '未记录位置';
  if ('box' in location) return `第 ${location.page} 页`;
  if ('sheet' in location) return `工作表 ${location.sheet}!${location.ref}`;
  return `第 ${location.table + 1} 个表格，第 ${location.row + 1} 行第 ${location.col + 1} 列`;
}

/** The cell to outline in a re-drawn table: the one at the location's table position, or at its sheet reference. */
function outlined(source: ValueSource, cells: SourceCell[]): SourceCell | null {
  const location = source.location;
  if (location && 'table' in location) {
    return cells.find((c) => c.row <= location.row && location.row < c.row + c.rowSpan && c.col <= location.col && location.col < c.col + c.colSpan) ?? null;
  }
  if (location && 'sheet' in location) {
    // A value read from several cells names their range (B2:D2): its first cell is outlined.
    const first = location.ref.split(':')[0].toUpperCase();
    return cells.find((c) => c.ref?.toUpperCase() === first) ?? null;
  }
  return null;
}

function redrawnTable(source: ValueSource): Html {
  const table = source.table!;
  const hit = outlined(source, table.cells);
  const rows = new Map<number, SourceCell[]>();
  for (const cell of table.cells) rows.set(cell.row, [...(rows.get(cell.row) ?? []), cell]);
  return html`<p class="muted">${table.label ?? ''} · 表格按原文件重绘</p>
    <div class="scroll">
      <table class="source" id="source-table">
        <tbody>
          ${[...rows.values()].map(
            (cells) =>
              html`<tr>
                ${cells.map(
                  (c) =>
                    html`<td${c === hit ? html` class="hit" id="hit"` : ''}${c.rowSpan > 1 ? html` rowspan="${c.rowSpan}"` : ''}${
                      c.colSpan > 1 ? html` colspan="${c.colSpan}"` : ''
                    }>${c.text}</td>`,
                )}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

function pdfViewer(source: ValueSource): Html {
  const location = source.location;
  const page = location && 'page' in location ? location.page : source.page;
  if (!page) return html`<p class="error">没有记录此数字所在的页。</p>`;
  const box = location && 'box' in location ? location.box : null;
  // The page drawn by the desk (page-image.ts): an image loads at once, where pdf.js in the browser took a second.
  return html`${jsonData('source-data', { file: `/file/${source.document.id}`, page, box })}
    <figure class="viewer" id="viewer" data-state="loading" data-page="${page}">
      <img src="/page/${source.document.id}/${page}.png" alt="原文件第 ${page} 页" />
    </figure>`;
}

/** The source page of one value, or null when there is no such value. */
export async function sourceHtml(reader: DeskReader, owner: ValueOwner, id: number, field: string): Promise<Html | null> {
  const source = await reader.valueSource(owner, id, field);
  if (!source) return null;
  const isPdf = source.document.format === 'pdf';
  const title = `${source.name ?? ''} · ${label(field)}`;
  const body = html`<h1>${title}</h1>
    <dl class="fields">
      <dt>数值</dt>
      <dd id="value">${source.value}</dd>
      <dt>位置</dt>
      <dd id="location">${describe(source.location, source)}</dd>
      <dt>文件</dt>
      <dd class="path">${source.document.path} · <a href="/file/${source.document.id}">原文件</a></dd>
      <dt>报告</dt>
      <dd><a href="/report/${source.reportId}">返回报告</a></dd>
    </dl>
    ${isPdf ? pdfViewer(source) : source.table ? redrawnTable(source) : html`<p class="error">没有记录此数字所在的表格。</p>`}`;
  return layout(await reader.availableLists(), title, body, isPdf ? { modules: ['/assets/source.js'] } : {});
}
