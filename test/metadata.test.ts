/**
 * Report fields of real reports, one rule at a time, on minimal made-up pages: a title after page
 * furniture, a department from a cover label, a score and grade from sentences, the kind from the
 * title, the region from whole administrative names. The real openings are checked end to end in
 * fixtures.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { cell, paragraph, table, type Document } from '../src/extract/model.js';
import { simplifyDocument, toSimplified } from '../src/normalize/simplify.js';
import { regionOf } from '../src/parse/department.js';
import { parseDocument } from '../src/parse/index.js';
import type { Report } from '../src/parse/schema.js';

const page = (...lines: (string | Document['blocks'][number])[]): Document => ({
  format: 'txt',
  pages: null,
  declaredTitle: null,
  blocks: lines.map((line) => (typeof line === 'string' ? paragraph(line) : line)),
});
const reportOf = (...lines: (string | Document['blocks'][number])[]): Report => parseDocument(page(...lines)).report;
const form = (...rows: string[][]) => table(rows.map((r) => r.map((text) => cell(text))));

describe('score and grade from sentences', () => {
  it.each([
    ['按照评价指标体系，对本局2020年度整体支出开展了评价，综合评分为97分。', 97],
    ['经评价，本项目绩效自评分数为97.5分，绩效等级为优。', 97.5],
    ['项目自评得分100分，自评结果为“优秀”。', 100],
  ])('%s', (sentence, score) => {
    expect(reportOf('某县财政局2020年度部门整体支出绩效评价报告', sentence).self_score).toBe(score);
  });

  it('reads a score whose number is on the next line', () => {
    expect(reportOf('某县财政局2020年度部门整体支出绩效评价报告', '经评价，本单位自评得分', '90 分，整体运行良好。').self_score).toBe(90);
  });

  it('reads the total of a flattened scoring sheet: the full marks, then the score', () => {
    expect(reportOf('成本指标项目计划总投资1020万元20万元10……总分10092.5注：1.一级指标分值统一设置').self_score).toBe(92.5);
  });

  it.each([
    ['绩效等级为优。', '优'],
    ['评价等级为"良"。', '良'],
    ['自评结果为优秀。', '优'],
    ['绩效自评得分为98分，自评结论为“优秀', '优'],
    ['完成率均达到100%，整体绩效自评为优 秀；', '优'],
    ['项目实施结果为良好的社会效益。', null],
  ])('%s gives grade %s', (sentence, grade) => {
    expect(reportOf('某县财政局2020年度部门整体支出绩效评价报告', sentence).grade).toBe(grade);
  });

  it("takes a form's 自评总分（分） cell before any sentence", () => {
    const report = reportOf('2021年度项目支出绩效自评表', form(['项目名称', '职业培训补贴'], ['自评总分（分）', '97.6']), '综合评分为90分。');
    expect(report.self_score).toBe(97.6);
  });

  it('reads a grade from the ticked box, and none when no box is ticked', () => {
    expect(reportOf('2021年度项目支出绩效自评表', form(['项目名称', '职业培训补贴'], ['评价等级', '□优 √良 □中 □差'])).grade).toBe('良');
    expect(reportOf('2021年度项目支出绩效自评表', form(['项目名称', '职业培训补贴'], ['评价等级', '□优 □良 □中 □差'])).grade).toBeNull();
  });
});

describe('titles after page furniture', () => {
  const title = '某县第一小学2023年度项目支出绩效自评报告';

  it.each([
    ['a metadata table of a site', ['索引号 | 0001-X/2024-00056 | 发布机构 | 某县教育体育局 |', '公开目录 | 绩效自评报告 | 发布日期 | 2024-03-26 |']],
    ['labelled furniture', ['监督索引号53092500531601000', '发布时间：2022-04-29 作者： 来源：某县教育局 浏览次数：', '字体：【大】 【中】 【小】']],
    ['a breadcrumb', ['首页 > 政府信息公开 > 财政预决算 > 绩效自评报告']],
    ['a where-you-are line', ['您当前位置：首页 > 信息公开']],
    ['a metadata table naming another report', ['信息名称： | 关于公开部门绩效自评报告的通知 | 主题分类： | 财政 |']],
    [
      'a document-sharing preamble',
      ['《某县2023年度自评报告.docx》由会员分享，可在线阅读，更多相关请在某文库上搜索。', '下面是小编为大家整理的自评报告范文，供大家参考。'],
    ],
    ['a file name', ['某县2023年度自评报告.pdf']],
    ['check-box lines', ['评价类型：□项目支出 √部门整体支出', '□项目支出绩效自评报告 √部门整体支出绩效自评报告']],
  ])('skips %s', (_, furniture) => {
    expect(reportOf(...furniture, title, '一、自评结论').title).toBe(title);
  });

  it('takes a file name only when nothing better exists, without its extension', () => {
    expect(reportOf('某县2023年度项目支出绩效自评报告.pdf', '一、项目概况', '本项目用于校舍维修。').title).toBe('某县2023年度项目支出绩效自评报告');
  });

  it('never takes a table of contents, and finds the title before it', () => {
    const report = reportOf('某县人力资源和社会保障局2023年度部门决算', '目录', '第二部分 2023年度部门决算表', '十四、2023年度部门整体支出绩效自评表');
    expect(report.title).toBe('某县人力资源和社会保障局2023年度部门决算');
    expect(reportOf('目录', '第一部分 部门概况', '第二部分 2023年度部门决算表 12', '一、主要职能').title).toBeNull();
  });

  it('joins a title printed over two lines', () => {
    expect(reportOf('某市某街道办事处部门整体支出', '绩效评价报告', '评价单位：某市某街道办事处').title).toBe('某市某街道办事处部门整体支出绩效评价报告');
  });

  it('prefers a title that names its issuer to a generic heading', () => {
    const report = reportOf('部门整体支出绩效评价报告', '某市某街道办事处部门整体支出绩效评价报告', '一、部门概况');
    expect(report).toMatchObject({ title: '某市某街道办事处部门整体支出绩效评价报告', department: '某市某街道办事处', region: '某市' });
  });

  it('cuts the title from the head of a paragraph that holds a whole page', () => {
    const flattened =
      '1、某区2022年度部门(单位)整体支出绩效评价自评报告部门(单位)名称某市某区发展和改革局预算编码302001报告日期:2023年5月10日某区财政局(制)部门整体支出绩效评价指标表';
    expect(reportOf(flattened)).toMatchObject({
      title: '某区2022年度部门(单位)整体支出绩效评价自评报告',
      department: '某市某区发展和改革局',
      region: '某市某区',
    });
  });

  it('keeps a generic title when a report named further down is another one', () => {
    const lines = [
      '项目支出绩效自评报告',
      '项目名称：校舍维修',
      '一、基本情况',
      '本项目用于校舍维修。',
      '二、自评情况',
      '本项目完成全部目标。',
      '附件：某县2021年度校舍维修项目绩效自评表',
    ];
    expect(reportOf(...lines).title).toBe('项目支出绩效自评报告');
  });

  it('does not cut a title from a sentence that opens a paragraph', () => {
    const sentence = '现将我局2021年度部门整体支出绩效自评情况报告如下：一是加强管理，二是完善制度，三是推进评价，四是运用结果，五是公开信息。';
    expect(reportOf(sentence).title).toBeNull();
  });

  it('drops wrap spaces and an attachment label', () => {
    expect(reportOf('附件2：某市某中心 2022 年整体绩效自评报告').title).toBe('某市某中心2022年整体绩效自评报告');
  });

  it('keeps a heading that names no report out of the title when a report is named', () => {
    expect(reportOf('政府信息公开', '某县财政局2021年度部门整体支出绩效自评报告').title).toBe('某县财政局2021年度部门整体支出绩效自评报告');
  });
});

describe('the department from cover-page labels', () => {
  it.each([
    ['部门（单位）名称：某县某镇政府'],
    ['项目单位：某县某镇政府'],
    ['单位名称：某县某镇政府'],
    ['主管部门：某县某镇政府'],
    ['实施单位：某县某镇政府'],
    ['单位名称：某县某镇政府填报日期：2021年12月31日'],
    ['主管部门某县某镇政府实施单位某县某镇政府资金情况'],
  ])('%s', (label) => {
    expect(reportOf('某县2021年度部门整体支出绩效评价自评报告', label).department).toBe('某县某镇政府');
  });

  it('leaves out a note in brackets beside the label or the value', () => {
    expect(reportOf('项目支出绩效自评报告', '项目单位：（盖章）某市医疗保障局').department).toBe('某市医疗保障局');
    expect(reportOf('项目支出绩效自评报告', '预算部门（公章）：某县水务局').department).toBe('某县水务局');
  });

  it("reads a project report's 项目名称 from its cover", () => {
    expect(reportOf('2022年度项目支出绩效自评报告', '项目名称：城乡居民医疗救助', '主管部门：某市医疗保障局').project).toBe('城乡居民医疗救助');
  });

  it('leaves out the label glued to the value', () => {
    expect(reportOf('部门(单位)名称某市某区发展和改革局预算编码302001').department).toBe('某市某区发展和改革局');
  });

  it('names the publishing site only when the report names no other', () => {
    expect(reportOf('发布机构：某县教育体育局', '某县第一小学2023年度项目支出绩效自评报告').department).toBe('某县第一小学');
    expect(reportOf('发布机构：某县教育体育局', '2023年度项目支出绩效自评报告', '本项目用于校舍维修。').department).toBe('某县教育体育局');
  });

  it('names the finance bureau that issued the notice only when the report names no other', () => {
    const notice = '根据《某市财政局关于开展2021年度部门绩效自评工作的通知》，';
    expect(reportOf('2021年度就业资金绩效自评报告', `${notice}某市人力资源和社会保障局开展了自评。`).department).toBe('某市人力资源和社会保障局');
    expect(reportOf('2021年度就业资金绩效自评报告', `${notice}我局开展了自评。`).department).toBe('某市财政局');
  });

  it('never takes a column header for a department', () => {
    expect(reportOf('2021年度项目支出绩效自评表', form(['项目名称', '职业培训补贴'], ['主管部门', '备注'])).department).toBeNull();
  });
});

describe('region from whole administrative names', () => {
  it.each([
    ['江门市工业和信息化局', '江门市'],
    ['上海市普陀区财政局', '上海市普陀区'],
    ['中共上海市普陀区委社会工作部', '上海市普陀区'],
    ['渝中区人力资源和社会保障局', '渝中区'],
    ['广东省江门市市场监督管理局', '广东省江门市'],
    ['江门市社区服务中心', '江门市'],
    ['教育部', null],
    ['岳阳市城市管理监督指挥中心', '岳阳市'],
    ['南县财政局', '南县'],
    ['红河州数据发展中心', '红河州'],
    ['杭州市财政局', '杭州市'],
    ['北京市通州区教育委员会', '北京市通州区'],
    ['宣城市宣州区应急管理局', '宣城市宣州区'],
    ['吉首市乾州街道办事处', '吉首市'],
    ['双江拉祜族佤族布朗族傣族自治县人力资源和社会保障局', '双江拉祜族佤族布朗族傣族自治县'],
    ['就业专项资金是由县级以上人民政府', null],
  ])('%s → %s', (department, region) => {
    expect(regionOf(department)).toBe(region);
  });
});

describe('kind from the title first', () => {
  it.each([
    ['某县教育局2022年度部门绩效自评报告及评分表（整体支出和专项支出）', 'department_overall'],
    ['某中心2022年整体和项目支出绩效自评总结报告', 'department_overall'],
    ['某区2023年区级部门预算', 'budget'],
    ['2024年市级部门整体预算绩效目标表', 'budget'],
    ['某局2024年度项目绩效目标申报表', 'budget'],
    ['某县司法局2023年度部门预算项目支出绩效自评表', 'project'],
    ['某县水利局2022年衔接资金项目绩效目标自评表', 'project'],
    ['某区应急管理局（救灾资金）转移支付2022年度绩效自评报告', 'project'],
    ['某局2023年度部门决算', 'final_accounts'],
  ])('%s is %s', (title, kind) => {
    expect(reportOf(title, '本部门开展了绩效自评，部门整体支出绩效良好。').kind).toBe(kind);
  });

  it("reads a cover's ticked box when the title does not tell", () => {
    expect(reportOf('绩效自评报告', '评价类型：□项目支出 √部门整体支出', '一、项目概况').kind).toBe('department_overall');
    expect(reportOf('绩效自评报告', '评价类型：√项目支出 □部门整体支出').kind).toBe('project');
  });

  it('reads a project evaluation without a title from its sections', () => {
    expect(reportOf('一、项目概况', '区政府下拨防汛经费至我镇。', '三、绩效评价工作情况').kind).toBe('project');
  });
});

describe('the fiscal year', () => {
  it("reads a cover's 评价年度, not its 填报日期", () => {
    expect(reportOf('项目支出绩效自评报告', '填报日期：2023年4月25日', '评价年度：2022').year).toBe(2022);
  });

  it('takes the year the text names most, not a date', () => {
    expect(reportOf('区政府下拨2017年防汛经费。', '2017年度防汛工作有序开展。', '生成日期：2018年7月11日').year).toBe(2017);
  });
});

describe('Traditional openings', () => {
  it('drops pinyin glosses and reads the converted text', () => {
    expect(toSimplified('項(xiàng)目支出績(jī)效自評(píng)報(bào)告 (a)')).toBe('项目支出绩效自评报告 (a)');
    const { report } = parseDocument(simplifyDocument(page('遂溪縣水務(wù)局2022年度項(xiàng)目支出績(jī)效自評(píng)報(bào)告')));
    expect(report).toMatchObject({ department: '遂溪县水务局', region: '遂溪县', year: 2022, kind: 'project' });
  });

  it('converts a document in one call, text by text as if each were converted alone', () => {
    // 乾隆 is a phrase; split over two cells it must not be read as one. A NUL inside a text, or an
    // ideographic description character, sends the document down the one-text-at-a-time path.
    for (const texts of [
      ['績效', '乾', '隆', '預算執行率'],
      ['績\u0000效', '乾隆'],
      ['⿰糹責效', '乾隆'],
    ]) {
      const doc = { ...page(...texts.slice(1)), declaredTitle: texts[0] };
      const simplified = simplifyDocument(doc);
      expect([simplified.declaredTitle, ...simplified.blocks.map((b) => (b.kind === 'paragraph' ? b.text : ''))]).toEqual(texts.map(toSimplified));
    }
    const withTable = simplifyDocument(page('項目', form(['預算數', '執行數'], ['乾', '隆'])));
    expect(toSimplified('乾隆')).toBe('乾隆');
    expect(withTable.blocks[1]).toMatchObject({
      rows: [
        [{ text: '预算数' }, { text: '执行数' }],
        [{ text: '干' }, { text: '隆' }],
      ],
    });
  });
});
