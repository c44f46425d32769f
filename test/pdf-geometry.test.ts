/** PDF geometry on small built inputs: operators → rules → grids, glyphs → lines → borderless tables. */
import { OPS } from '../src/extract/pdf/pdfjs.js';
import { describe, expect, it } from 'vitest';
import { findBorderlessTables } from '../src/extract/pdf/borderless.js';
import { dedupeGlyphs, ordinaryCharacters, type Glyph } from '../src/extract/pdf/glyphs.js';
import { glyphsToLines, lineText } from '../src/extract/pdf/lines.js';
import { segmentsToTables } from '../src/extract/pdf/ruled.js';
import { operatorListToSegments, type Segment } from '../src/extract/pdf/rules.js';

const h = (y: number, x0: number, x1: number): Segment => ({ x0, y0: y, x1, y1: y });
const v = (x: number, y0: number, y1: number): Segment => ({ x0: x, y0, x1: x, y1 });

/** Glyphs for a run of text starting at x on baseline y, every character one em wide. */
function run(text: string, x: number, y: number, size = 10): Glyph[] {
  return [...text].map((ch, i) => ({ text: ch, x0: x + i * size, x1: x + (i + 1) * size, y, size }));
}

describe('operatorListToSegments', () => {
  it('reads stroked rectangles and lines through the transform, and thin fills as rules', () => {
    const path = (paint: number, data: number[]) => [paint, [Float32Array.from(data)], null];
    const segments = operatorListToSegments({
      fnArray: [OPS.save, OPS.transform, OPS.constructPath, OPS.restore, OPS.constructPath, OPS.constructPath],
      argsArray: [
        null,
        [1, 0, 0, 1, 100, 200],
        path(OPS.stroke, [0, 0, 0, 1, 50, 0, 1, 50, 20, 1, 0, 20, 4]),
        null,
        path(OPS.fill, [0, 10, 10, 1, 60, 10, 1, 60, 10.5, 1, 10, 10.5, 4]),
        path(OPS.fill, [0, 0, 0, 1, 300, 0, 1, 300, 300, 1, 0, 300, 4]),
      ],
    });
    expect(segments).toEqual([
      { x0: 100, y0: 200, x1: 150, y1: 200 },
      { x0: 150, y0: 200, x1: 150, y1: 220 },
      { x0: 150, y0: 220, x1: 100, y1: 220 },
      { x0: 100, y0: 220, x1: 100, y1: 200 },
      { x0: 10, y0: 10.25, x1: 60, y1: 10.25 },
    ]);
  });

  it('ignores white lines', () => {
    const segments = operatorListToSegments({
      fnArray: [OPS.setStrokeRGBColor, OPS.constructPath],
      argsArray: [['#ffffff'], [OPS.stroke, [Float32Array.from([0, 0, 0, 1, 50, 0])], null]],
    });
    expect(segments).toEqual([]);
  });
});

describe('segmentsToTables', () => {
  it('turns a ruled grid into cells, merging boxes with no border between them', () => {
    // 3 columns × 2 rows; the top row has no border between columns 1 and 2.
    const rules = [h(100, 0, 300), h(80, 0, 300), h(60, 0, 300), v(0, 60, 100), v(100, 60, 100), v(200, 60, 80), v(300, 60, 100)];
    const [table] = segmentsToTables(rules);
    expect(table.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan])).toEqual([
      [0, 0, 1, 1],
      [0, 1, 1, 2],
      [1, 0, 1, 1],
      [1, 1, 1, 1],
      [1, 2, 1, 1],
    ]);
  });

  it('snaps borders drawn twice half a point apart into one', () => {
    const twice = [h(100, 0, 100), h(100.5, 0, 100), h(50, 0, 100), v(0, 50, 100), v(0.4, 50, 100.5), v(50, 50, 100), v(100, 50, 100)];
    expect(segmentsToTables(twice)[0]).toMatchObject({ rows: 1, cols: 2 });
  });

  it('finds a cell merged over rows', () => {
    const rules = [h(90, 0, 200), h(60, 100, 200), h(30, 0, 200), v(0, 30, 90), v(100, 30, 90), v(200, 30, 90)];
    const [table] = segmentsToTables(rules);
    expect(table.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan])).toEqual([
      [0, 0, 2, 1],
      [0, 1, 1, 1],
      [1, 1, 1, 1],
    ]);
  });

  it('keeps separate tables apart', () => {
    const box = (y: number) => [h(y, 0, 100), h(y - 20, 0, 100), v(0, y - 20, y), v(50, y - 20, y), v(100, y - 20, y)];
    expect(segmentsToTables([...box(500), ...box(200)])).toHaveLength(2);
  });
});

describe('glyphs and lines', () => {
  it('drops glyphs drawn twice for fake bold', () => {
    const glyphs = [...run('合计', 10, 100), ...run('合计', 10.3, 100)];
    expect(dedupeGlyphs(glyphs).map((g) => g.text)).toEqual(['合', '计']);
  });

  it('maps Kangxi radicals and compatibility ideographs to ordinary characters, and nothing else', () => {
    expect(ordinaryCharacters('⼀⼆⼈＞１')).toBe('一二人＞１');
  });

  it('keeps digits a little off the CJK baseline on the same line, joined without spaces', () => {
    const lines = glyphsToLines([...run('共', 0, 100), ...run('12', 10, 102.3), ...run('家', 30, 100), ...run('下一行', 0, 80)]);
    expect(lines.map(lineText)).toEqual(['共12家', '下一行']);
  });

  it('keeps a space between Latin words', () => {
    const glyphs = [...run('5G', 0, 100, 10), ...run('app', 25, 100, 10)];
    expect(lineText(glyphsToLines(glyphs)[0])).toBe('5G app');
  });
});

describe('findBorderlessTables', () => {
  const size = 10;
  /** A line with runs at the given x positions. */
  const line = (y: number, ...cells: [number, string][]) => cells.flatMap(([x, text]) => run(text, x, y, size));

  it('finds columns from the header and rows from the gaps, wrapped cells included', () => {
    const glyphs = [
      ...run('正文一段很长的文字从左边一直写到右边', 0, 300),
      ...line(270, [0, '项目'], [100, '目标值'], [200, '完成值']),
      ...line(243, [0, '甲项目'], [100, '5家'], [200, '6家']),
      ...line(226, [0, '续行']),
      ...line(199, [0, '乙项目'], [100, '7家'], [200, '7家']),
      ...run('三、其他情况说明文字', 0, 150),
    ];
    const { tables, rest } = findBorderlessTables(glyphsToLines(glyphs));
    expect(tables.map((t) => t.rows)).toEqual([
      [
        ['项目', '目标值', '完成值'],
        ['甲项目\n续行', '5家', '6家'],
        ['乙项目', '7家', '7家'],
      ],
    ]);
    expect(rest.map(lineText)).toEqual(['正文一段很长的文字从左边一直写到右边', '三、其他情况说明文字']);
  });

  it('starts a row where a cell starts, between the lines of a merged cell', () => {
    const glyphs = [
      ...line(270, [0, '项目'], [100, '指标'], [200, '目标值']),
      ...line(243, [0, '甲项'], [100, '指标一'], [200, '1个']),
      ...line(226, [0, '目']),
      ...line(216, [100, '指标二'], [200, '2个']),
    ];
    const [table] = findBorderlessTables(glyphsToLines(glyphs)).tables;
    expect(table.rows).toEqual([
      ['项目', '指标', '目标值'],
      ['甲项\n目', '指标一', '1个'],
      ['', '指标二', '2个'],
    ]);
  });

  it('finds columns from the whitespace between them when headers are centred over their figures', () => {
    const glyphs = [
      ...line(270, [20, '项目'], [140, '目标'], [240, '实际']),
      ...line(243, [0, '培训人数'], [100, '1200000人'], [200, '1300000人']),
      ...line(216, [0, '满意度'], [100, '90%'], [200, '95%']),
    ];
    const [table] = findBorderlessTables(glyphsToLines(glyphs)).tables;
    expect(table.rows).toEqual([
      ['项目', '目标', '实际'],
      ['培训人数', '1200000人', '1300000人'],
      ['满意度', '90%', '95%'],
    ]);
  });

  it('does not see a table in ordinary paragraphs', () => {
    const glyphs = [...run('第一段文字', 0, 300), ...run('第二段文字', 0, 280), ...run('第三段文字', 0, 260)];
    expect(findBorderlessTables(glyphsToLines(glyphs)).tables).toEqual([]);
  });
});
