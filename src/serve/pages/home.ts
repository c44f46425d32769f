/** The front page: how many rows each list holds, the search box and the way to the charts. */
import type { DeskReader } from '../../store/desk.js';
import { html, type Html } from '../html.js';
import { LIST_TITLES } from '../labels.js';
import { layout } from '../layout.js';

export async function homeHtml(reader: DeskReader): Promise<Html> {
  const counts = await reader.listCounts();
  const lists = await reader.availableLists();
  const body = html`<h1>绩效自评报告数据台</h1>
    <p class="about">数据库 <code>${reader.name}</code>，只读打开。点任何数字都能看到它在原文件中的位置。</p>
    <form class="filters" method="get" action="/search">
      <label>全文搜索<input type="search" name="q" maxlength="200" required /></label> <button type="submit">搜索</button>
    </form>
    <div class="cards">
      ${lists.map(
        (name) =>
          html`<a class="card" href="/list/${name}" id="card-${name}"
            ><b>${counts[name] ?? '…'}</b>${LIST_TITLES[name].title}
            <div class="muted">${LIST_TITLES[name].about}</div></a
          >`,
      )}
      <a class="card" href="/charts"
        ><b>图表</b>
        <div class="muted">各地区执行率、未完成目标最多的部门、一个部门的历年对比。</div></a
      >
    </div>`;
  return layout(lists, '首页', body);
}
