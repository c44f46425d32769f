/** Tables printed as text with `|` between cells: Markdown, and the looser renderings of web pages. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Table } from '../src/extract/model.js';
import { textToDocument } from '../src/extract/txt.js';
import { extractReport } from '../src/pipeline.js';
import { differences, readJson } from './support/golden.js';

const tables = (text: string) => textToDocument(text).blocks.filter((b): b is Table => b.kind === 'table');
const texts = (table: Table) => table.rows.map((r) => r.map((c) => c.text));
const spans = (table: Table) => table.rows.map((r) => r.map((c) => c.rowSpan));

describe('text tables', () => {
  it('reads a Markdown table, its header rule left out', () => {
    const [t] = tables('标题\n| 项目 | 预算数 | 备注 |\n|---|:---:|---|\n| 人事费 | 1200 | |\n正文');
    expect(texts(t)).toEqual([
      ['项目', '预算数', '备注'],
      ['人事费', '1200', ''],
    ]);
  });

  it('keeps a short Markdown row as printed: Markdown leaves no merged cell out', () => {
    const [t] = tables('| 序号 | 名称 | 分值 | 得分 |\n|---|---|---|---|\n| 1 | 甲 | 5 | 5 |\n| 2 | 3 |');
    expect(texts(t)[2]).toEqual(['2', '3']);
    expect(spans(t)[1]).toEqual([1, 1, 1, 1]);
  });

  it('reads a Markdown table without outer bars', () => {
    const [t] = tables('项目 | 预算数\n--- | ---\n人事费 | 1200');
    expect(texts(t)).toEqual([
      ['项目', '预算数'],
      ['人事费', '1200'],
    ]);
  });

  it('keeps the paragraphs around a table apart from it', () => {
    const doc = textToDocument('标题\n项目 | 金额 |\n人事费 | 1200 |\n正文');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['paragraph', 'table', 'paragraph']);
  });

  it('reads a Markdown line break inside a cell, and an escaped bar as text', () => {
    const [t] = tables('| 指标 | 说明 |\n|---|---|\n| 年度工作<br>计划完整性 | 甲\\|乙 |');
    expect(texts(t)[1]).toEqual(['年度工作\n计划完整性', '甲|乙']);
  });

  it('reads runs of bars as empty cells', () => {
    const [t] = tables('单位 | |||\n序号 | 名称 | 分值 | 得分 |\n1 | 甲 | 5 | 4 |');
    expect(texts(t)[0]).toEqual(['单位', '', '', '']);
  });

  it('goes on with a row printed over several lines until it has all its cells', () => {
    const [t] = tables('序号 | 名称 | 分值 | 得分 |\n1 | 甲 |\n5 |\n4 |\n2 | 乙 | 3 | 3 |');
    expect(texts(t)).toEqual([
      ['序号', '名称', '分值', '得分'],
      ['1', '甲', '5', '4'],
      ['2', '乙', '3', '3'],
    ]);
  });

  it('joins a cell whose text wraps onto the next line', () => {
    const [t] = tables('序号 | 说明 | 得分 |\n1 | 第一行\n第二行 | 4 |\n2 | 短 | 3 |');
    expect(texts(t)[1]).toEqual(['1', '第一行\n第二行', '4']);
  });

  it('keeps a wrap space inside a cell as the line break it stands for', () => {
    const [t] = tables('序号 | 名称 | 得分 |\n1 | 基础信息 完整性 | 3 |\n2 | 甲 (3分) | 3 |');
    expect(
      texts(t)
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(['基础信息\n完整性', '甲 (3分)']);
  });

  it('lets the cell above reach down where a row leaves out the cells a merged cell covers', () => {
    // The renderer prints the row without them and pads it at its end with empty cells.
    const [t] = tables(['序号 | 一级 | 二级 | 分值 | 得分 |', '1 | 决策 | 甲 | 5 | 5 |', '2 | 乙 | 3 | 2 | |', '3 | 过程 | 丙 | 4 | 4 |'].join('\n'));
    expect(texts(t)[2]).toEqual(['2', '乙', '3', '2']);
    expect(spans(t)[1]).toEqual([1, 2, 1, 1, 1]);
  });

  it('puts the cells of a row without a row number under their columns, the merged label first', () => {
    const lines = [
      '一级指标 | 二级指标 | 三级指标 | 指标值 | 实际值 | 分值 |',
      '产出指标 | 数量指标 | 培训人数 | ≥100人 | 120 | 10 |',
      '质量指标 | 合格率 | ≥90% | 95 | 10 | |',
    ];
    const [t] = tables(lines.join('\n'));
    expect(texts(t)[2]).toEqual(['质量指标', '合格率', '≥90%', '95', '10']);
    expect(spans(t)[1]).toEqual([2, 1, 1, 1, 1, 1]);
  });

  it('places a row that is both under a merged cell and cut short', () => {
    const lines = ['序号 | 一级 | 二级 | 分值 | 标准 | 得分 |', '1 | 决策 | 立项 | 5 | 合规 | 5 |', '2 | 目标 | 3 | 明确 |'];
    const [t] = tables(lines.join('\n'));
    expect(texts(t)[2]).toEqual(['2', '目标', '3', '明确']);
    expect(spans(t)[1]).toEqual([1, 2, 1, 1, 1, 1]);
  });

  it('keeps an empty last cell where the row is whole as printed', () => {
    const [t] = tables(['序号 | 名称 | 分值 | 得分 |', '1 | 甲 | 5 | 5 |', '2 | 乙 | 3 | |'].join('\n'));
    expect(texts(t)[2]).toEqual(['2', '乙', '3', '']);
    expect(spans(t)[1]).toEqual([1, 1, 1, 1]);
  });

  it('keeps a row that the end of an opening cuts, and its last cell cut short', () => {
    const [t] = tables('序号 | 名称 | 分值 | 标准 | 得分 |\n1 | 甲 | 5 | 好 | 5 |\n2 | 乙 | 3 |\n1、是否完成(1');
    expect(texts(t)[2]).toEqual(['2', '乙', '3', '1、是否完成(1']);
  });

  it('leaves a text after a short row alone where the text goes on', () => {
    const doc = textToDocument('索引号 | 001 | 发布机构 | 某局 |\n文号 | 浏览量 |\n某局2023年度部门整体支出绩效自评报告\n正文');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['table', 'paragraph', 'paragraph']);
  });

  it('leaves a lone line with bars as a paragraph', () => {
    const doc = textToDocument('编辑: 某人 | 2019-07-07 |\n正文\n|\n更多正文');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph']);
  });
});

describe('a scoring sheet printed as a text table', () => {
  it('yields its golden records (anhui-huainan-shouxian, wrapped header, merged labels, a cut last row)', async () => {
    const folder = path.join(import.meta.dirname, 'wild');
    const golden = readJson(path.join(folder, 'anhui-huainan-shouxian-2023-dept-selfeval-scoresheet.golden.json'));
    const { record } = await extractReport(path.join(folder, 'anhui-huainan-shouxian-2023-dept-selfeval-scoresheet.txt'));
    expect(differences(golden, record)).toEqual([]);
  });
});
