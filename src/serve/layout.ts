/** The frame of every page: the navigation, the search box, the stylesheet and the page's scripts. */
import type { ListName } from '../store/desk.js';
import { html, type Html } from './html.js';
import { LIST_TITLES } from './labels.js';

export interface PageOptions {
  /** Scripts of the page, by address: classic scripts, or modules. */
  scripts?: string[];
  modules?: string[];
  query?: string;
}

/** A page in the frame; `lists` are the lists the database has, for the navigation. */
export function layout(lists: readonly ListName[], title: string, body: Html, options: PageOptions = {}): Html {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · 绩效自评报告数据台</title>
        <link rel="stylesheet" href="/assets/desk.css" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">绩效数据台</a>
          <nav>
            ${lists.map((name) => html`<a href="/list/${name}">${LIST_TITLES[name].title}</a>`)}
            <a href="/charts">图表</a>
          </nav>
          <form action="/search" method="get" role="search">
            <input type="search" name="q" value="${options.query ?? ''}" placeholder="全文搜索" aria-label="全文搜索" maxlength="200" />
            <button type="submit">搜索</button>
          </form>
        </header>
        <main>${body}</main>
        ${(options.scripts ?? []).map((src) => html`<script src="${src}"></script>`)}
        ${(options.modules ?? []).map((src) => html`<script type="module" src="${src}"></script>`)}
      </body>
    </html> `;
}

/** A page saying what went wrong, in the frame. */
export function errorPage(lists: readonly ListName[] | null, title: string, message: string): Html {
  const body = html`<h1>${title}</h1>
    <p class="error">${message}</p>
    <p><a href="/">返回首页</a></p>`;
  if (!lists)
    return html`<!doctype html>
      <html lang="zh-CN">
        <meta charset="utf-8" /><title>${title}</title
        >${body}
      </html>`;
  return layout(lists, title, body);
}
