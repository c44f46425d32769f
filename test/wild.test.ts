/**
 * Report fields on pages from the open web (spec "Pages from the open web"): notices are not reports,
 * a name in 《》 is not a department, breadcrumbs, markup and attachments' names yield to the page's own
 * title, ROC years convert. One minimal made-up page per rule, then the real openings of
 * test/wild end to end.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { paragraph, type Document } from '../src/extract/model.js';
import { textToDocument } from '../src/extract/txt.js';
import { simplifyDocument } from '../src/normalize/simplify.js';
import { withGregorianYears } from '../src/parse/calendar.js';
import { parseDocument } from '../src/parse/index.js';
import { evaluatedYear, isNoticeTitle } from '../src/parse/notice.js';
import type { Report } from '../src/parse/schema.js';
import { extractReport } from '../src/pipeline.js';
import { differences, readJson } from './support/golden.js';

const page = (...lines: string[]): Document => ({ format: 'txt', pages: null, declaredTitle: null, blocks: lines.map((line) => paragraph(line)) });
const reportOf = (...lines: string[]): Report => parseDocument(simplifyDocument(page(...lines))).report;

describe('notices are not reports', () => {
  it.each([
    ['某县财政局关于2023年度财政支出绩效评价结果的通报', true],
    ['某市2022年度部门整体支出绩效评价结果公开', true],
    ['关于某区2021年度项目支出绩效评价结果的公示', true],
    ['某市财政局关于开展2023年度部门整体支出绩效自评工作的通知', true],
    ['某旗旗级绩效评价管理办法（试行）', true],
    ['关于印发《某县项目支出绩效自评报告模板》的通知', true],
    ['关于某局2022年度部门整体支出绩效自评报告的公示', false],
    ['关于报送2022年度部门整体支出绩效自评报告的通知', true],
    ['关于2022年度项目绩效自评报告抽查复核情况的通报', true],
    ['某县财政局2021年度部门整体支出绩效自评报告', false],
    ['某县2023年项目支出绩效自评表', false],
  ])('%s: notice %s', (title, notice) => {
    expect(isNoticeTitle(title)).toBe(notice);
  });

  it('gives a results notice kind unknown, the year evaluated, and no score or grade of its own', () => {
    const report = reportOf(
      '您现在的位置：首页',
      ' > 信息公开 > 工作动态 > 其他信息',
      '某县财政局关于2024年财政支出绩效评价结果的通报',
      '发布日期：2024-12-11 来源：某县财政局 字体：[ ]',
      '各有关单位：',
      '根据《某县财政局关于开展2024年财政支出绩效评价的通知》要求，各部门对2023年度项目支出开展了绩效自评，自评结果为优秀的项目120个，综合评分为92分。',
    );
    expect(report).toMatchObject({
      title: '某县财政局关于2024年财政支出绩效评价结果的通报',
      department: '某县财政局',
      region: '某县',
      year: 2023,
      kind: 'unknown',
      self_score: null,
      grade: null,
    });
  });

  it("takes a notice's title year where it names no year evaluated", () => {
    expect(reportOf('某市财政局关于开展2023年度部门整体支出绩效自评工作的通知', '各市直部门：', '现将有关事项通知如下。')).toMatchObject({
      year: 2023,
      kind: 'unknown',
    });
  });

  it('reads a page with no title that addresses its recipients as a notice', () => {
    const report = reportOf('各乡镇人民政府，县直各预算部门：', '我局制定了《某县部门整体支出绩效评价管理办法》，现印发给你们，请认真贯彻执行。', '某县财政局');
    expect(report).toMatchObject({ kind: 'unknown', department: '某县财政局' });
  });

  it("reads the body of a page whose only title is an attachment's name", () => {
    const report = reportOf('各区财政局，市直各部门：', '附件：2023年度项目支出绩效自评报告（参考格式）', '现将有关事项通知如下。');
    expect(report.kind).toBe('unknown');
    expect(reportOf('各科室：', '某县财政局2023年度部门整体支出绩效自评报告').kind).toBe('department_overall');
  });

  it('finds the year evaluated in the sentence that says so, not in the documents cited', () => {
    expect(evaluatedYear('根据《关于开展2024年绩效评价的通知》，对我县2023年度部门整体支出进行了绩效评价。')).toBe(2023);
    expect(evaluatedYear('各部门对2022年度使用财政资金安排的各类项目支出开展了绩效自评')).toBe(2022);
    expect(evaluatedYear('共上报2022年度项目绩效自评1200个。')).toBe(2022);
    expect(evaluatedYear('现印发给你们')).toBeNull();
  });
});

describe('departments on open-web pages', () => {
  it('never takes a document named in 《》 or an attachment list for a department', () => {
    const report = reportOf(
      '我局制定了《某旗旗级绩效评价管理办法》和《某旗转移支付资金预算绩效管理办法》，现印发给你们。',
      '附件：1、某旗旗级绩效评价管理办法',
      '2、某旗转移支付资金预算绩效管理办法',
      '某旗财政局',
    );
    expect(report.department).toBe('某旗财政局');
  });

  it('leaves out a year glued before the name', () => {
    expect(reportOf('2020年度绩效自评报告', '为做好2020年乌海市海勃湾区财政局绩效自评工作，现将情况报告如下。').department).toBe('乌海市海勃湾区财政局');
  });

  it("names the publisher of a text page's metadata table when the report names no other", () => {
    const text = '索引号 | 001 | 发布机构 | 某县教育体育局 |\n公开目录 | 绩效 | 发布日期 | 2024-03-26 |\n2023年度项目支出绩效自评报告\n本项目用于校舍维修。';
    expect(parseDocument(simplifyDocument(textToDocument(text))).report.department).toBe('某县教育体育局');
  });

  it('names a central body that the report names without a region, when it names no other', () => {
    expect(reportOf('学校项目绩效自评报告', '根据《财政部关于开展绩效自评工作的通知》，教育部对2020年度资金进行了绩效自评。').department).toBe('教育部');
    expect(reportOf('项目绩效自评报告', '本局按财政部门要求开展自评。').department).toBeNull();
    expect(reportOf('项目绩效自评报告', '按照财政部要求，教育部开展了自评。', '财政部、教育部联合印发了办法，教育部据此分配资金。').department).toBe('教育部');
  });
});

describe("the page's own title before breadcrumbs, markup and attachments", () => {
  const title = '某县财政局2023年度部门整体支出绩效自评报告';

  it('skips injected markup before the title', () => {
    expect(reportOf('<legend id="x1"></legend><samp id="x1"></samp>', '<p id="x1"><td id="x1"></td></p>', title).title).toBe(title);
  });

  it('reads the title at the end of a breadcrumb when the page prints none of its own', () => {
    expect(reportOf(`您现在的位置：首页 > 信息公开 > ${title}`, '一、部门概况').title).toBe(title);
    expect(reportOf(`当前位置：首页 > 信息公开 > 某县财政局2023年度部门决算`, title).title).toBe(title);
    expect(reportOf(`首页 / 通知公告 / ${title}`, '一、部门概况').title).toBe(title);
  });

  it("prefers the page's title to an attachment's name", () => {
    expect(reportOf('附件：某县2023年度项目支出绩效自评表', title).title).toBe(title);
    expect(reportOf('某市财政局关于开展2023年度绩效自评工作的通知', '附件1', '项目支出绩效自评报告').title).toBe(
      '某市财政局关于开展2023年度绩效自评工作的通知',
    );
  });
});

describe('ROC years', () => {
  it.each([
    ['民国92年', false, '2003年'],
    ['中华民国 101 年度', false, '2012年度'],
    ['民国九十二年', false, '2003年'],
    ['中华民国一百零一年度', false, '2012年度'],
    ['民国一○一年', false, '2012年'],
    ['民国三十八年', false, '1949年'],
    ['101年度', true, '2012年度'],
    ['101年度', false, '101年度'],
  ])('%s (Taiwan page %s) → %s', (text, taiwan, gregorian) => {
    expect(withGregorianYears(text, taiwan)).toBe(gregorian);
  });

  it('gives the fiscal year of a Traditional page dated in the ROC calendar', () => {
    expect(reportOf('中華民國101年度人事處績效評核自評報告', '一、執行成果').year).toBe(2012);
    expect(reportOf('行政院某部101年度施政績效評估報告', '一、績效目標').year).toBe(2012);
  });
});

describe('real page openings yield the report fields they state', () => {
  const folder = path.join(import.meta.dirname, 'wild');
  const manifest = readJson(path.join(folder, 'expected.json')) as Record<string, { golden?: string; report?: Record<string, unknown> }>;

  it.each(Object.entries(manifest))('%s', async (file, expectation) => {
    const { record } = await extractReport(path.join(folder, file));
    if (expectation.golden) expect(differences(readJson(path.join(folder, expectation.golden)), record)).toEqual([]);
    else {
      const fields = Object.keys(expectation.report!);
      expect(Object.fromEntries(fields.map((f) => [f, record.report[f as keyof typeof record.report]]))).toEqual(expectation.report);
    }
  });
});
