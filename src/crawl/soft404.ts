/**
 * Soft 404s: a deleted column or article answered with status 200 and a "page not found" page. Read as
 * a listing, it yields nothing and the run passes silently; it is a failure with its reason instead.
 * Three signs: the title says so (404, 页面不存在 …), a short page says so in its text, or the page is
 * nearly the same as an error page this host answered with a real 404 earlier in the run.
 */
const NOT_FOUND_TITLE = /(?:^|[^\d])404(?:[^\d]|$)|页面不存在|页面未找到|网页不存在|找不到(?:页面|网页)|不存在或已(?:被)?删除|not found|错误页/i;
const NOT_FOUND_TEXT =
  /页面不存在|您访问的页面不存在|您所访问的页面不存在|页面未找到|网页不存在|找不到(?:您要访问的|该)?(?:页面|网页)|文件不存在|信息不存在|栏目不存在|内容不存在|已被删除|已删除或不存在|page not found/i;
/** A page this short is an error page if it says so; a listing that mentions 不存在 somewhere is longer. */
const SHORT_TEXT = 300;
const SIMILAR = 0.9;

function bigrams(text: string): Set<string> {
  const pairs = new Set<string>();
  const plain = text.replace(/\s+/g, '');
  for (let i = 0; i + 1 < plain.length; i++) pairs.add(plain.slice(i, i + 2));
  return pairs;
}

/** Jaccard similarity of two texts' character pairs. */
export function similarity(a: string, b: string): number {
  const [x, y] = [bigrams(a), bigrams(b)];
  if (!x.size || !y.size) return a === b ? 1 : 0;
  let shared = 0;
  for (const pair of x) if (y.has(pair)) shared += 1;
  return shared / (x.size + y.size - shared);
}

const quoted = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

/** Why a page answered with 200 is a not-found page, or null. `errorPages`: texts of this host's real 404 answers. */
export function notFoundReason(page: { title: string; text: string }, errorPages: readonly string[] = []): string | null {
  if (NOT_FOUND_TITLE.test(page.title)) return `a not-found page answered with HTTP 200 (title ${quoted(page.title)})`;
  const said = NOT_FOUND_TEXT.exec(page.text);
  if (said && page.text.length <= SHORT_TEXT) return `a not-found page answered with HTTP 200 (${quoted(said[0])})`;
  if (errorPages.some((known) => similarity(known, page.text) >= SIMILAR)) return 'a page like this site’s own 404 page answered with HTTP 200';
  return null;
}
