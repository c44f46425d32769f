/**
 * Charts where a reader would rather look than read: execution rates by year and region, missed
 * targets by department, and one department's years side by side. Drawn by chart.js in the browser
 * from data the page carries.
 */
import type { DeskReader, ExecutionRate } from '../../store/desk.js';
import { html, jsonData, type Html } from '../html.js';
import { layout } from '../layout.js';

interface ChartSpec {
  type: 'bar' | 'line';
  labels: (string | number)[];
  datasets: { label: string; data: (number | null)[]; yAxisID?: string }[];
  unit?: string;
  horizontal?: boolean;
}

function chart(id: string, title: string, spec: ChartSpec, note = ''): Html {
  return html`<section class="chart">
    <h2>${title}</h2>
    ${note ? html`<p class="muted">${note}</p>` : ''}
    <div class="chart-box"><canvas data-chart="${id}" role="img" aria-label="${title}"></canvas></div>
    ${jsonData(id, spec)}
  </section>`;
}

/** Execution rate (%) per year, one line per region (the regions with most years first, at most ten). */
function executionChart(rates: ExecutionRate[]): ChartSpec {
  const years = [...new Set(rates.map((r) => r.year))].sort();
  const regions = [...new Set(rates.map((r) => r.region ?? '未识别地区'))];
  const seen = (region: string) => rates.filter((r) => (r.region ?? '未识别地区') === region).length;
  const shown = regions.sort((a, b) => seen(b) - seen(a)).slice(0, 10);
  return {
    type: years.length > 1 ? 'line' : 'bar',
    labels: years,
    datasets: shown.map((region) => ({
      label: region,
      data: years.map((y) => rates.find((r) => r.year === y && (r.region ?? '未识别地区') === region)?.rate ?? null),
    })),
    unit: '执行率 %',
  };
}

export async function chartsHtml(reader: DeskReader, department: string): Promise<Html> {
  const missed = await reader.missedByDepartment({}, 15);
  const departments = ((await reader.filterChoices('copies')).department ?? []) as string[];
  const years = department ? await reader.departmentYears(department) : [];
  const rates = await reader.executionByYearAndRegion();
  const body = html`<h1>图表</h1>
    <div class="charts">
      ${chart('execution', '各地区历年预算执行率', executionChart(rates), '部门整体支出预算表的合计行：执行数 ÷ 全年预算。')}
      ${chart('missed', '未完成目标最多的部门', {
        type: 'bar',
        horizontal: true,
        labels: missed.map((m) => m.department ?? '未识别部门'),
        datasets: [{ label: '未完成目标', data: missed.map((m) => m.missed) }],
        unit: '项',
      })}
    </div>
    <h2>一个部门的历年对比</h2>
    <form class="filters" method="get" action="/charts">
      <label
        >部门<input name="department" list="departments" value="${department}" maxlength="200" required />
        <datalist id="departments">${departments.map((d) => html`<option value="${d}"></option>`)}</datalist></label
      >
      <button type="submit">查看</button>
    </form>
    ${department && !years.length ? html`<p class="muted">没有这个部门的报告。</p>` : ''}
    ${
      years.length
        ? html`<div class="charts">
            ${chart('department-money', `${department}：预算与执行`, {
              type: 'bar',
              labels: years.map((y) => y.year),
              datasets: [
                { label: '全年预算', data: years.map((y) => y.finalBudget) },
                { label: '执行数', data: years.map((y) => y.spent) },
              ],
              unit: '元',
            })}
            ${chart('department-missed', `${department}：执行率与未完成目标`, {
              type: 'bar',
              labels: years.map((y) => y.year),
              datasets: [
                { label: '执行率 %', data: years.map((y) => y.rate) },
                { label: '未完成目标（项）', data: years.map((y) => y.missed) },
              ],
            })}
          </div>`
        : ''
    }`;
  return layout(await reader.availableLists(), '图表', body, { scripts: ['/assets/chart.umd.min.js', '/assets/charts.js'] });
}
