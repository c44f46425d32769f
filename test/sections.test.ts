/** The narrative split at its headings: made-up outlines for each rule, then the seed report. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { paragraph, table, cell } from '../src/extract/model.js';
import { documentToSections, outlineLevel, sectionTag } from '../src/parse/sections.js';
import { extractReport } from '../src/pipeline.js';
import { FIXTURES } from './support/golden.js';

describe('outline levels', () => {
  it('reads 一、 （一） 1. （1） ① as levels 1 to 5, and plain text or a decimal as none', () => {
    expect(['一、概况', '十二．结论', '（三）目标', '(四)目标', '1、编制', '12.执行', '（1）问题', '(2) 问题', '②措施'].map(outlineLevel)).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5,
    ]);
    expect(['正文', '2.5亿元', '2021年', '一是加强'].map(outlineLevel)).toEqual([null, null, null, null]);
  });
});

describe('section tags', () => {
  it('names the usual sections, the first named when a heading names two', () => {
    expect(
      ['一、部门基本情况', '（三）预期绩效目标情况', '（一）自评结论', '四、存在的问题及改进措施', '2、改进意见', '五、绩效自评结果应用', '（二）部门职能'].map(
        sectionTag,
      ),
    ).toEqual(['基本情况', '绩效目标', '自评结论', '存在问题', '改进措施', '结果应用', null]);
  });
});

describe('sections', () => {
  it('splits at headings, with level, path, page and text; a parent’s text holds its subsections', () => {
    const blocks = [
      paragraph('某局2021年度绩效自评报告', 1),
      paragraph('一、基本情况', 1),
      paragraph('（一）部门职能。负责全市工作。', 1),
      paragraph('其他职能。', 2),
      table([[cell('表')]], 2),
      paragraph('二、存在问题', 3),
      paragraph('1、问题一：经费紧张', 3),
    ];
    expect(documentToSections(blocks)).toEqual([
      { level: 1, heading: '一、基本情况', path: '一、基本情况', tag: '基本情况', page: 1, text: '（一）部门职能。负责全市工作。\n其他职能。' },
      { level: 2, heading: '（一）部门职能', path: '一、基本情况 > （一）部门职能', tag: null, page: 1, text: '负责全市工作。\n其他职能。' },
      { level: 1, heading: '二、存在问题', path: '二、存在问题', tag: '存在问题', page: 3, text: '1、问题一：经费紧张' },
      { level: 3, heading: '1、问题一', path: '二、存在问题 > 1、问题一', tag: null, page: 3, text: '经费紧张' },
    ]);
  });

  it('finds the seed report’s outline, whatever the format', async () => {
    for (const file of ['jiangmen-2021.docx', 'jiangmen-2021.pdf', 'jiangmen-2021.html', 'jiangmen-2021-hant.docx']) {
      const { sections } = await extractReport(path.join(FIXTURES, file));
      const tagged = sections.filter((s) => s.tag).map((s) => [s.tag, s.heading]);
      expect([file, tagged]).toEqual([
        file,
        [
          ['基本情况', '一、部门基本情况'],
          ['绩效目标', '（三）预期部门整体支出绩效目标情况'],
          ['自评结论', '（一）自评结论'],
          ['存在问题', '（四）部门整体支出使用存在问题及改进意见'],
          ['存在问题', '1、存在问题'],
          ['改进措施', '2、改进意见'],
        ],
      ]);
      expect(sections.filter((s) => s.level === 1).map((s) => s.heading)).toEqual(['一、部门基本情况', '二、绩效自评情况', '三、其他自评情况']);
    }
  });
});

describe('a table of contents', () => {
  it('gives no sections: its headings hold no text, and the report’s own headings follow', () => {
    const blocks = [
      paragraph('某局2024年部门整体支出绩效自评报告', 1),
      paragraph('目 录', 1),
      paragraph('一、部门概况', 1),
      paragraph('二、存在的问题……………3', 1),
      paragraph('附件1 成本分析', 1),
      paragraph('某局', 2),
      paragraph('一、部门概况', 2),
      paragraph('负责全县工作。', 2),
      paragraph('二、存在的问题', 3),
      paragraph('经费紧张。', 3),
    ];
    expect(documentToSections(blocks)).toEqual([
      { level: 1, heading: '一、部门概况', path: '一、部门概况', tag: '基本情况', page: 2, text: '负责全县工作。' },
      { level: 1, heading: '二、存在的问题', path: '二、存在的问题', tag: '存在问题', page: 3, text: '经费紧张。' },
    ]);
  });

  it('ends at the first paragraph that is neither a heading nor an entry', () => {
    const blocks = [paragraph('目录', 1), paragraph('一、概况', 1), paragraph('正文开始。', 1), paragraph('二、存在问题', 1), paragraph('经费紧张。', 1)];
    expect(documentToSections(blocks).map((s) => s.heading)).toEqual(['二、存在问题']);
  });
});
