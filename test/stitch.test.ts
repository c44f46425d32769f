/** Tables continued over a page break become one (built tables, pages set by hand). */
import { describe, expect, it } from 'vitest';
import { cell, paragraph, table, type Cell, type Table } from '../src/extract/model.js';
import { stitchContinuedTables } from '../src/parse/stitch.js';

const row = (page: number, ...texts: (string | [string, number])[]) =>
  texts.map((t) => (typeof t === 'string' ? cell(t, 1, 1, page) : cell(t[0], t[1], 1, page)));
const texts = (t: Table) => t.rows.map((r) => r.map((c: Cell) => (c.rowSpan > 1 ? `${c.text}[${c.rowSpan}]` : c.text)));
const HEADER = ['项目', '指标', '目标值'];

describe('stitchContinuedTables', () => {
  it('joins a table continued on the next page and drops its repeated header', () => {
    const blocks = stitchContinuedTables([
      table([row(1, ...HEADER), row(1, '甲', '指标一', '1个')], 1),
      table([row(2, ...HEADER), row(2, '乙', '指标二', '2个')], 2),
    ]);
    expect(blocks).toHaveLength(1);
    expect(texts(blocks[0] as Table)).toEqual([HEADER, ['甲', '指标一', '1个'], ['乙', '指标二', '2个']]);
  });

  it('joins back a row the page break cut', () => {
    const [t] = stitchContinuedTables([
      table([row(1, ...HEADER), row(1, '甲', '指标一', '1个'), row(1, '乙', '指标', '2个')], 1),
      table([row(2, ...HEADER), row(2, '', '二', ''), row(2, '丙', '指标三', '3个')], 2),
    ]);
    expect(texts(t as Table)).toEqual([HEADER, ['甲', '指标一', '1个'], ['乙', '指标\n二', '2个'], ['丙', '指标三', '3个']]);
  });

  it('continues a merged cell whose continuation starts the next page empty', () => {
    const [t] = stitchContinuedTables([
      table([row(1, ...HEADER), row(1, ['甲', 2], '指标一', '1个'), row(1, '指标二', '2个')], 1),
      table([row(2, ['', 2], '指标三', '3个'), row(2, '指标四', '4个')], 2),
    ]);
    expect(texts(t as Table)).toEqual([HEADER, ['甲[4]', '指标一', '1个'], ['指标二', '2个'], ['指标三', '3个'], ['指标四', '4个']]);
  });

  it('stitches a table over many pages, a merged cell running down all of them', () => {
    const pages = Array.from({ length: 60 }, (_, i) =>
      table(
        [...(i === 0 ? [row(1, ...HEADER)] : []), row(i + 1, [i === 0 ? '甲' : '', 2], `指标${2 * i}`, '1个'), row(i + 1, `指标${2 * i + 1}`, '1个')],
        i + 1,
      ),
    );
    const [t] = stitchContinuedTables(pages) as Table[];
    expect(t.rows).toHaveLength(121);
    expect(t.rows[1][0]).toMatchObject({ text: '甲', rowSpan: 120 });
    expect(texts(t)[120]).toEqual(['指标119', '1个']);
  });

  it('leaves tables apart when text stands between them, pages are not consecutive, or widths differ', () => {
    const first = table([row(1, ...HEADER), row(1, '甲', '指标一', '1个')], 1);
    expect(stitchContinuedTables([first, paragraph('正文', 1), table([row(2, '乙', '指标二', '2个')], 2)])).toHaveLength(3);
    expect(stitchContinuedTables([first, table([row(3, '乙', '指标二', '2个')], 3)])).toHaveLength(2);
    expect(stitchContinuedTables([first, table([row(2, '乙', '2个')], 2)])).toHaveLength(2);
    expect(stitchContinuedTables([table([row(1, 'a', 'b')]), table([row(1, 'a', 'b')])].map((b) => ({ ...b, page: null })))).toHaveLength(2);
  });
});
