/**
 * Page furniture: what a government site or a document-sharing site prints around a report (index
 * numbers, publisher, dates, view counts, font-size switches, breadcrumbs, metadata tables, a
 * sharing site's preamble). None of it is the report's title, and its publisher names the
 * department only when the report names no other.
 */
import { compact } from './text.js';

const FURNITURE_LABELS =
  '(?:监督)?索引号|发布机构|发布单位|发布日期|发布时间|生成日期|成文日期|来源|浏览量|浏览次数|阅读次数|访问量|点击数|点击量|字体|字号|文字大小|背景色|主题分类|公开目录|公开方式|公开范围|公开时限|有效性|文件编号|文号|信息名称|信息类别|作者|打印本页|关闭窗口';
/** A furniture label at the start of the line or after a separator, with its colon or cell border. */
const FURNITURE_FIELD = new RegExp(`(?:^|[\\s|])(?:${FURNITURE_LABELS})\\s*[:：|]`);
const FURNITURE_START = new RegExp(`^(?:${FURNITURE_LABELS})`);
/** The longest label FURNITURE_START can match, in characters. */
const LONGEST_LABEL = Math.max(...FURNITURE_LABELS.replace(/\(\?:|\)\?/g, '').split('|').map((label) => label.length));
const FONT_SWITCH = /[【[]\s*大\s*[】\]]?\s*[【[]?\s*中\s*[】\]]?\s*[【[]?\s*小\s*[】\]]/;
const BREADCRUMB_START = /^(?:您(?:当前|现在)?的?(?:所在)?位置|当前位置|所在位置)/;
const BREADCRUMB_HOME = /^(?:首页|主页|网站首页)\s*[>＞»›→]/;
/** What a document-sharing site says about the file it shows (由会员分享, 下面是小编为大家整理的…范文). */
const SHARING_PREAMBLE = /由会员分享|可在线阅读|请在.{0,12}上搜索|下面是小编|为大家整理|供大家参考|仅供参考|范文|文库|原创力文档|豆丁|道客巴巴|下载文档|文档下载|\.docx?》|\.pdf》/;
const FILE_NAME = /\.(?:pdf|docx?|wps|xlsx?|txt|html?)$/i;

/** A site's metadata table flattened into cells between bars: 索引号 | … | 发布机构 | … |. */
function isMetadataRow(line: string): boolean {
  return (line.match(/\|/g) ?? []).length >= 2 || /^[\s|]*$/.test(line);
}

export function isBreadcrumb(line: string): boolean {
  const text = line.trim();
  // Two steps at least: a single ` > ` may be a comparison in a sentence (满意度 > 90%).
  return BREADCRUMB_START.test(text) || BREADCRUMB_HOME.test(text) || (text.match(/\s[>＞»›→]\s/g) ?? []).length >= 2;
}

/**
 * The start of compact(text), long enough for FURNITURE_START: compacting maps characters one by one,
 * so a compacted prefix is a prefix of the compacted whole, and a long paragraph is not compacted whole.
 */
function compactHead(text: string): string {
  const head = compact(text.slice(0, 4 * LONGEST_LABEL));
  return head.length >= LONGEST_LABEL ? head : compact(text);
}

export function isFurniture(line: string): boolean {
  const text = line.trim();
  return (
    isMetadataRow(text) ||
    FURNITURE_FIELD.test(text) ||
    FURNITURE_START.test(compactHead(text)) ||
    FONT_SWITCH.test(text) ||
    isBreadcrumb(text) ||
    SHARING_PREAMBLE.test(text)
  );
}

/** A line that is a file's name (…自评报告.pdf): a title only when nothing better exists, without its extension. */
export function fileNameTitle(line: string): string | null {
  const text = line.trim();
  return FILE_NAME.test(text) ? text.replace(FILE_NAME, '').trim() || null : null;
}

const PUBLISHER = /(?:发布机构|发布单位|来源)\s*[:：]?\s*\|?\s*([^\s|:：]{2,40})/g;

/** The bodies a page's furniture names as its publisher (发布机构 | 某局, 来源:某局). */
export function publishersIn(lines: string[]): string[] {
  const found: string[] = [];
  for (const line of lines.filter(isFurniture)) {
    for (const m of line.matchAll(PUBLISHER)) found.push(compact(m[1]));
  }
  return found;
}
