/**
 * A government page tens of megabytes long, made up: a real report (a fixture page) laid out the way
 * old portals do it, in a layout table, with the site's chrome repeated around it (navigation,
 * breadcrumbs, "related articles" tables, scripts, footers) and a long appendix of ordinary notices
 * (paragraphs and small tables) that is kept as text. Built in the test, never committed.
 */

/** One screen of chrome: everything in it is dropped by the reader. */
function chrome(i: number): string {
  const links = ['首页', '政务公开', '政策解读', '互动交流', '办事服务', '数据发布', '专题专栏', '走进本市']
    .map((name, k) => `<li><a href="/col${k}/">${name}</a></li>`)
    .join('');
  const related = Array.from(
    { length: 8 },
    (_, k) =>
      `<tr><td class="t1"><a href="/art/${i}-${k}.html">关于做好${i}年度第${k + 1}批财政资金绩效管理工作的通知</a></td><td>2022-0${(k % 9) + 1}-15</td></tr>`,
  ).join('');
  return [
    `<div class="header"><div class="topbar">欢迎访问本网站\u3000无障碍浏览\u3000长者模式</div><ul class="nav">${links}</ul></div>`,
    `<div class="breadcrumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 财政预决算</div>`,
    `<div id="sidebar"><h3>相关文章</h3><table width="100%">${related}</table></div>`,
    `<script>var _hmt = _hmt || []; (function () { var hm = document.createElement("script"); hm.src = "/stat.js?${i}"; })();</script>`,
    `<style>.nav li { float: left; padding: 0 ${i % 20}px; }</style>`,
    `<footer><p>主办：某市人民政府办公室\u3000网站标识码：4407000001\u3000ICP备案号：粤ICP备05000000号</p></footer>`,
  ].join('\n');
}

/** One ordinary notice of the appendix: kept, and recognisable by its number. */
export function noticeParagraph(i: number): string {
  return `附件说明第${i}条：本单位按照财政部门统一部署，对本年度各项资金的使用情况进行了梳理，相关材料已按程序归档备查。`;
}

function notice(i: number): string {
  return `<p style="text-indent:2em">${noticeParagraph(i)}</p>\n<table border="1"><tr><th>序号</th><th>材料名称</th></tr><tr><td>${i}</td><td>归档材料<br>第${i}卷</td></tr></table>`;
}

/**
 * The fixture page's report, wrapped in a layout table with `screens` screens of chrome before it and
 * `notices` notices after it, inside the page's own <body>.
 */
export function bigGovernmentPage(fixturePage: string, { screens, notices }: { screens: number; notices: number }): string {
  const open = fixturePage.indexOf('<body>') + '<body>'.length;
  const close = fixturePage.lastIndexOf('</body>');
  const parts = [fixturePage.slice(0, open), '<table width="980" align="center"><tr><td>'];
  for (let i = 0; i < screens; i++) parts.push(`<div class="row">${chrome(i)}</div>`);
  parts.push('</td></tr><tr><td>', fixturePage.slice(open, close), '</td></tr><tr><td><div class="TRS_Editor">');
  for (let i = 1; i <= notices; i++) parts.push(notice(i));
  parts.push('</div></td></tr></table>', fixturePage.slice(close));
  return parts.join('\n');
}
