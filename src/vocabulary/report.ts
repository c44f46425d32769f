/**
 * The words of report metadata on published pages, as data: what makes a page a notice rather than a
 * report, the labels a site's furniture and a cover page print, the names of central government bodies,
 * and the eras of Taiwan's (ROC) calendar. Every word is in Simplified Chinese, the text the parser
 * reads. The groups at the end (and KIND_TITLE_WORDS) join the assembled vocabulary (index.ts), where a
 * vocabulary file may add to them; the parser compiles its patterns from the vocabulary it is handed.
 * Central bodies, the calendar and the evaluation verbs are read directly: no file may change them.
 */

/** The verbs of a sentence that says which year was evaluated: 对2023年度…开展了绩效自评. */
export const EVALUATION_VERBS: readonly string[] = ['开展', '进行', '实施', '组织'];
export const EVALUATION_NOUNS: readonly string[] = ['自评', '评价', '评估', '考评', '考核'];

/**
 * Central government bodies, named without a region (教育部在对各地报送的…): the department of a
 * central report. A name followed by 门 is the common noun (财政部门), not the body.
 */
export const CENTRAL_BODIES: readonly string[] = [
  '外交部',
  '国防部',
  '国家发展和改革委员会',
  '国家发展改革委',
  '教育部',
  '科学技术部',
  '科技部',
  '工业和信息化部',
  '国家民族事务委员会',
  '公安部',
  '国家安全部',
  '民政部',
  '司法部',
  '财政部',
  '人力资源和社会保障部',
  '人力资源社会保障部',
  '自然资源部',
  '生态环境部',
  '住房和城乡建设部',
  '住房城乡建设部',
  '交通运输部',
  '水利部',
  '农业农村部',
  '商务部',
  '文化和旅游部',
  '国家卫生健康委员会',
  '国家卫生健康委',
  '退役军人事务部',
  '应急管理部',
  '中国人民银行',
  '审计署',
  '海关总署',
  '国家税务总局',
  '国家市场监督管理总局',
  '国家统计局',
  '国家体育总局',
  '国家医疗保障局',
  '国家林业和草原局',
];

/** The era words before an ROC year (民国92年 = 2003): the year is 1911 + N. */
export const ROC_ERA_WORDS: readonly string[] = ['中华民国', '民国'];
export const ROC_YEAR_OFFSET = 1911;
/**
 * Words only a Taiwan government page prints: there a bare 101年度 is an ROC year too. The era words
 * count as well.
 */
export const TAIWAN_PAGE_WORDS: readonly string[] = [
  '行政院',
  '立法院',
  '监察院',
  '考试院',
  '铨叙部',
  '人事行政总处',
  '主计总处',
  '国家发展委员会',
  '研考会',
  '台湾',
  '台北市',
  '新北市',
  '高雄市',
  '台中市',
  '台南市',
  '桃园市',
];

/** The line that opens a table of contents (spaces left out: 目 录 is 目录). */
export const TABLE_OF_CONTENTS_LABELS: readonly string[] = ['目录', '目次'];

/** The signs between a breadcrumb's steps. */
export const BREADCRUMB_SEPARATORS = '>＞»›→/';

/**
 * Words of a title that tell the report's kind (spec "Kind follows the title first"), in the order
 * they are tried: 整体支出 anywhere is a department report, 决算 final accounts, a 部门预算 or 绩效目标表
 * that evaluates nothing a budget; then, in a title about performance, project words, then department words.
 */
export const KIND_TITLE_WORDS = {
  departmentOverall: ['整体支出'],
  finalAccounts: ['决算'],
  budget: ['部门预算', '预算绩效目标', '绩效目标表', '绩效目标申报表'],
  evaluates: ['自评', '评价', '评估', '考评', '考核'],
  performance: ['绩效', '自评', '评价'],
  overall: ['整体'],
  project: ['项目', '专项', '资金', '基金', '经费', '补助', '补贴', '转移支付'],
  department: ['部门', '单位'],
} as const;

/*
 * The groups a vocabulary file may add words to (see index.ts): each a record of named word lists,
 * as the vocabulary holds them.
 */
type WordGroups = Readonly<Record<string, readonly string[]>>;

/** Words that make a title one about performance reporting. */
export const TITLE_WORDS = {
  /** A title is about performance reporting when it says one of these (绩效, 自评表 …) … */
  topic: ['报告', '自评表', '评价表', '决算', '绩效', '自评', '预算'],
  /** … and names a report's genre (报告, 表, 决算 …) or a notice's (NOTICE_WORDS.genres). */
  genre: ['报告', '表', '决算', '部门预算', '总结', '公开说明'],
} as const satisfies WordGroups;

/** Words that make a page a notice. A publishing genre counts as a notice genre too. */
export const NOTICE_WORDS = {
  /**
   * How the title of a notice ends: a 通报 of evaluation results, a 通知 opening evaluation work, a
   * 管理办法 issued. A page titled so reports nothing of its own (kind unknown), even where it names
   * reports (关于报送2022年度绩效自评报告的通知) …
   */
  genres: ['通报', '通知', '公告', '公示', '办法', '细则', '意见', '方案', '决定', '批复', '规定', '规程', '函'],
  /** … except a notice that publishes a report: 关于某局2022年度绩效自评报告的公示 is that report. */
  publishing: ['公示', '公告'],
  /** What a publishing notice names when it publishes a report (…自评报告的公示, …评价表的公告). */
  publishedReports: ['报告', '自评表', '评价表', '评分表', '决算', '目标表'],
  /** A page that announces evaluation results: always a notice, whatever report it names. */
  results: ['结果的通报', '结果通报', '结果公开', '结果的公开', '结果公示', '结果的公示', '结果公告', '结果的公告', '结果的通知'],
  /** Phrases only a notice's body says (现印发给你们, 特此通报): a page with no title that says one is a notice. */
  bodyPhrases: [
    '现印发给你们',
    '现印发给各',
    '请认真贯彻执行',
    '请遵照执行',
    '请结合实际',
    '特此通知',
    '特此通报',
    '通报如下',
    '现将有关事项通知如下',
    '特此公告',
    '现予公告',
    '现予以公告',
  ],
} as const satisfies WordGroups;

/** A site's furniture. A publisher label counts as a furniture label too. */
export const FURNITURE_WORDS = {
  /**
   * Labels of a site's furniture (索引号 | …, 发布日期：…, 浏览量): a line that starts with one, or holds
   * one with its colon or cell border, is no part of the report.
   */
  labels: [
    '监督索引号',
    '索引号',
    '发布机构',
    '发布单位',
    '发布日期',
    '发布时间',
    '生成日期',
    '成文日期',
    '来源',
    '浏览量',
    '浏览次数',
    '阅读次数',
    '访问量',
    '点击数',
    '点击量',
    '字体',
    '字号',
    '文字大小',
    '背景色',
    '主题分类',
    '公开目录',
    '公开方式',
    '公开范围',
    '公开时限',
    '有效性',
    '文件编号',
    '文号',
    '信息名称',
    '信息类别',
    '作者',
    '打印本页',
    '关闭窗口',
  ],
  /** Furniture labels that name the page's publisher (发布机构 | 某局, 来源：某局). */
  publishers: ['发布机构', '发布单位', '来源'],
  /** How a breadcrumb opens: 您现在的位置：…, 当前位置：…. */
  breadcrumbOpenings: [
    '您当前的所在位置',
    '您现在的所在位置',
    '您的所在位置',
    '您当前所在位置',
    '您现在所在位置',
    '您所在位置',
    '您当前的位置',
    '您现在的位置',
    '您的位置',
    '您当前位置',
    '您现在位置',
    '您位置',
    '当前位置',
    '所在位置',
  ],
  /** A breadcrumb's first step: 首页 > …. */
  breadcrumbHomes: ['网站首页', '首页', '主页'],
  /** What a document-sharing site says about the file it shows (由会员分享, 下面是小编为大家整理的…范文). */
  sharing: [
    '由会员分享',
    '可在线阅读',
    '下面是小编',
    '为大家整理',
    '供大家参考',
    '仅供参考',
    '范文',
    '文库',
    '原创力文档',
    '豆丁',
    '道客巴巴',
    '下载文档',
    '文档下载',
  ],
} as const satisfies WordGroups;

/** A cover page's labels. */
export const COVER_LABELS = {
  /**
   * Labels a cover page puts before the department, strongest first (部门（单位）名称：某局). Written
   * half-width, as the parser compares them.
   */
  department: ['部门(单位)名称', '部门名称', '单位名称', '填报单位', '预算部门单位', '预算部门', '预算单位', '主管部门', '项目单位', '实施单位'],
  /** Labels that may follow a value with nothing between them: 塘湖镇政府填报日期. */
  following: [
    '填报日期',
    '报告日期',
    '预算编码',
    '单位编码',
    '评价方式',
    '评价机构',
    '评价类型',
    '联系人',
    '联系电话',
    '负责人',
    '项目名称',
    '项目负责人',
    '实施单位',
    '主管部门',
    '项目单位',
    '单位名称',
    '填报人',
    '日期',
  ],
} as const satisfies WordGroups;

export type KindWordGroup = keyof typeof KIND_TITLE_WORDS;
/** Kind words that name one kind each: a word two of them claim would make a title's kind depend on their order. */
export const EXCLUSIVE_KIND_GROUPS: readonly KindWordGroup[] = ['departmentOverall', 'finalAccounts', 'budget', 'project', 'department'];
