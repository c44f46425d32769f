/**
 * The desk's two browser scripts, served from /assets/. They read their data from a
 * <script type="application/json"> element and never insert markup: text goes in with textContent.
 */

/**
 * The source viewer: shows one page of a PDF, drawn by the desk as an image (page-image.ts), and
 * outlines the cell's box, given as fractions of the page from its top-left corner. The figure is
 * marked data-state=rendered (or failed) when done, for tests and screen readers alike.
 */
export const SOURCE_SCRIPT = `
const figure = document.getElementById('viewer');
const data = JSON.parse(document.getElementById('source-data').textContent);
const image = figure.querySelector('img');
function outline() {
  if (data.box) {
    const [x0, y0, x1, y1] = data.box;
    const outline = document.createElement('div');
    outline.className = 'outline';
    outline.id = 'outline';
    outline.style.left = x0 * 100 + '%';
    outline.style.top = y0 * 100 + '%';
    outline.style.width = (x1 - x0) * 100 + '%';
    outline.style.height = (y1 - y0) * 100 + '%';
    figure.append(outline);
    outline.scrollIntoView({ block: 'center', inline: 'center' });
  }
  figure.dataset.state = 'rendered';
}
function failed() {
  figure.dataset.state = 'failed';
  const note = document.createElement('p');
  note.className = 'error';
  note.textContent = '无法显示此页（原文件不可用或已被改动）。';
  figure.after(note);
}
// The image may have arrived before this module ran.
if (image.complete) (image.naturalWidth ? outline() : failed());
else {
  image.addEventListener('load', outline, { once: true });
  image.addEventListener('error', failed, { once: true });
}
`;

/**
 * The charts (chart.js, served from node_modules as its UMD build): each <canvas data-chart=ID> is drawn
 * from the JSON element ID, which holds { type, labels, datasets, unit }.
 */
export const CHARTS_SCRIPT = `
const colours = ['#0b5cad', '#d9822b', '#2e7d32', '#b3261e', '#6a3fa0', '#00838f', '#8d6e63', '#c2185b', '#546e7a', '#9e9d24'];
for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
  const spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
  spec.datasets.forEach((set, i) => { set.backgroundColor = set.borderColor = colours[i % colours.length]; });
  new Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets: spec.datasets },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      plugins: { legend: { display: spec.datasets.length > 1 }, title: { display: false } },
      scales: { [spec.horizontal ? 'x' : 'y']: { beginAtZero: true, title: { display: Boolean(spec.unit), text: spec.unit } } },
    },
  });
}
`;
