/** The desk's one stylesheet: plain CSS, readable on a laptop and on a phone (tables scroll sideways). */
export const STYLE = `
:root { --ink: #1d2329; --muted: #5b6672; --line: #d8dde3; --accent: #0b5cad; --miss: #b3261e; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  color: var(--ink); background: var(--bg); }
header.top { background: #12324f; color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; }
header.top a { color: #fff; text-decoration: none; }
header.top .brand { font-weight: 700; margin-right: .5rem; }
header.top nav { display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
header.top form { margin-left: auto; display: flex; gap: .3rem; }
main { padding: 1rem; max-width: 1400px; margin: 0 auto; }
h1 { font-size: 1.35rem; margin: .2rem 0 .6rem; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.about { color: var(--muted); margin: 0 0 .8rem; }
input, select, button { font: inherit; padding: .3rem .45rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
button, .button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; text-decoration: none; padding: .3rem .7rem; border-radius: 4px; display: inline-block; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: .8rem; }
form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
.scroll { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 4px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef1f4; white-space: nowrap; position: sticky; top: 0; }
th a { color: var(--ink); text-decoration: none; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.path { max-width: 18rem; overflow-wrap: anywhere; font-size: .8rem; color: var(--muted); }
td.long { min-width: 16rem; max-width: 40rem; }
tr.missed td { background: #fdecea; }
.badge { display: inline-block; font-size: .75rem; padding: 0 .35rem; border-radius: 3px; background: var(--miss); color: #fff; }
.badge.ok { background: #2e7d32; }
.pager { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; margin: .7rem 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .8rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .8rem; text-decoration: none; color: var(--ink); }
.card b { font-size: 1.6rem; display: block; color: var(--accent); }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; background: #fff; border: 1px solid var(--line); padding: .7rem; border-radius: 4px; }
dl.fields dt { color: var(--muted); }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
details { background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: .4rem .7rem; margin: .3rem 0; }
details p { white-space: pre-wrap; }
.hits li { margin: .6rem 0; background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: .5rem .7rem; list-style: none; }
.hits { padding: 0; }
mark { background: #ffe58f; }
.viewer { position: relative; display: inline-block; max-width: 100%; border: 1px solid var(--line); background: #fff; }
.viewer img { display: block; width: 1100px; max-width: 100%; height: auto; }
.outline { position: absolute; border: 3px solid var(--miss); box-shadow: 0 0 0 3px rgba(179,38,30,.25); pointer-events: none; }
table.source td.hit { outline: 3px solid var(--miss); background: #fdecea; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 32rem), 1fr)); gap: 1rem; }
.chart-box { position: relative; height: 18rem; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .6rem; position: relative; min-height: 20rem; }
.error { background: #fdecea; border: 1px solid var(--miss); padding: .8rem; border-radius: 4px; }
@media (max-width: 640px) {
  main { padding: .6rem; }
  header.top form { margin-left: 0; width: 100%; }
  header.top form input { flex: 1; }
  dl.fields { grid-template-columns: 1fr; }
  dl.fields dt { font-weight: 600; }
  th, td { padding: .3rem; }
  .scroll table { min-width: 46rem; }
}
`;
