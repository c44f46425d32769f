/**
 * OCR: the image steps on small generated images (deskew, seal removal, rules, line splitting, the
 * ≧ shape, CTC decoding), and one scanned form end to end through the whole pipeline.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { greyImage, type ColourImage, type GreyImage } from '../src/extract/ocr/image.js';
import { dropCoveredBoxes, splitBoxAtClearRows } from '../src/extract/ocr/page.js';
import { colourToGreyWithoutSeals, deskew, estimateSkew } from '../src/extract/ocr/preprocess.js';
import { inputRows, inputToStrips } from '../src/extract/ocr/detect.js';
import { ctcGreedyDecode } from '../src/extract/ocr/recognize.js';
import { findRules } from '../src/extract/ocr/rules.js';
import { doubleBarComparison } from '../src/extract/ocr/symbols.js';
import { DEFAULT_EXTRACT_OPTIONS, extractFile } from '../src/extract/index.js';
import { extractReport } from '../src/pipeline.js';
import { FIXTURES, differences, readJson } from './support/golden.js';

/** Lines of "text" (dashes 9 px long, 3 px apart, 3 px thick) every 30 px, leaning by `degrees`. */
function textPage(degrees: number, width = 600, height = 400): GreyImage {
  const image = greyImage(width, height);
  const slope = Math.tan((degrees * Math.PI) / 180);
  for (let y = 0; y < height; y++) {
    for (let x = 40; x < width - 40; x++) {
      const shifted = y - x * slope;
      const onLine = shifted > 20 && shifted % 30 < 3;
      if (onLine && x % 12 < 9) image.data[y * width + x] = 0;
    }
  }
  return image;
}

function fill(image: GreyImage, x0: number, y0: number, x1: number, y1: number, value = 0): void {
  for (let y = y0; y < y1; y++) image.data.fill(value, y * image.width + x0, y * image.width + x1);
}

const mask = (image: GreyImage) => Uint8Array.from(image.data, (v) => (v < 128 ? 1 : 0));

describe('deskew', () => {
  it.each([1.5, -2, 0.4])('finds a page turned %s° to within 0.15°', (degrees) => {
    expect(Math.abs(estimateSkew(textPage(degrees)) - degrees)).toBeLessThanOrEqual(0.15);
  });

  it('turns the page level', () => {
    const { image, skew } = deskew(textPage(2));
    expect(skew).toBeCloseTo(2, 0);
    expect(Math.abs(estimateSkew(image))).toBeLessThanOrEqual(0.1);
  });

  it('finds a level page level', () => {
    expect(Math.abs(estimateSkew(textPage(0)))).toBeLessThanOrEqual(0.05);
  });
});

describe('seal removal', () => {
  // A black bar, and a red disk stamped over it: where they overlap the ink is black.
  const [width, height] = [60, 40];
  const data = new Uint8Array(width * height * 3).fill(255);
  const paint = (x: number, y: number, rgb: [number, number, number]) => data.set(rgb, (y * width + x) * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inBar = y >= 18 && y < 22;
      const inSeal = (x - 30) ** 2 + (y - 20) ** 2 < 15 ** 2;
      if (inBar) paint(x, y, inSeal ? [30, 10, 10] : [0, 0, 0]);
      else if (inSeal) paint(x, y, [225, 60, 55]);
    }
  }
  const image: ColourImage = { width, height, channels: 3, data };
  const grey = colourToGreyWithoutSeals(image);
  const at = (x: number, y: number) => grey.data[y * width + x];

  it('turns the stamp into paper', () => {
    expect([at(30, 10), at(25, 28), at(30, 33)]).toEqual([255, 255, 255]);
  });

  it('keeps black ink under the stamp', () => {
    expect(Math.max(at(30, 19), at(20, 20), at(5, 20))).toBeLessThan(40);
  });
});

describe('rules from the image', () => {
  // A 3 × 2 table at 100 dpi with 2 px rules; two short strokes of text; one short row rule.
  const page = greyImage(400, 300);
  for (const y of [50, 100, 150]) fill(page, 50, y, 350, y + 2);
  for (const x of [50, 150, 250, 348]) fill(page, x, 50, x + 2, 152);
  fill(page, 200, 200, 225, 202); // a stroke of a character: 25 px, a quarter of an inch
  fill(page, 300, 190, 302, 215);
  fill(page, 60, 250, 340, 252); // a lone rule under the table …
  fill(page, 60, 280, 340, 282);
  fill(page, 200, 252, 202, 280); // … and a short vertical between two rules
  const rules = findRules(mask(page), page, 100);
  const positions = (orientation: 'h' | 'v') =>
    rules
      .filter((r) => r.orientation === orientation)
      .map((r) => [r.at, r.from, r.to])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  it('finds the horizontal rules at their centres', () => {
    expect(positions('h')).toEqual([
      [50.5, 50, 350],
      [100.5, 50, 350],
      [150.5, 50, 350],
      [250.5, 60, 340],
      [280.5, 60, 340],
    ]);
  });

  it('finds the vertical rules, a short one only where it meets rules at both ends', () => {
    expect(positions('v')).toEqual([
      [50.5, 50, 152],
      [150.5, 50, 152],
      [200.5, 250, 282],
      [250.5, 50, 152],
      [348.5, 50, 152],
    ]);
  });
});

describe('text boxes', () => {
  it('a box holding two lines is split at the clear rows between them', () => {
    const page = greyImage(100, 60);
    fill(page, 10, 10, 90, 22);
    fill(page, 10, 32, 30, 44);
    expect(splitBoxAtClearRows(mask(page), 100, { x0: 5, y0: 5, x1: 95, y1: 50 })).toEqual([
      { x0: 5, x1: 95, y0: 7, y1: 25 },
      { x0: 5, x1: 95, y0: 29, y1: 47 },
    ]);
  });

  it('a piece lying mostly inside a larger box is dropped', () => {
    const big = { x0: 0, y0: 0, x1: 100, y1: 20 };
    const piece = { x0: 85, y0: 0, x1: 105, y1: 20 };
    const other = { x0: 0, y0: 30, x1: 50, y1: 50 };
    expect(dropCoveredBoxes([big, piece, other])).toEqual([big, other]);
  });
});

describe('detection in strips', () => {
  it('an input no taller than a strip is one strip', () => {
    expect(inputToStrips(320, 384, 64)).toEqual([{ from: 0, to: 320, keepFrom: 0, keepTo: 320 }]);
  });

  it('strips have one height, overlap, and keep rows that tile the input, each a margin from an inner cut', () => {
    const strips = inputToStrips(1280, 384, 64);
    expect(strips).toEqual([
      { from: 0, to: 384, keepFrom: 0, keepTo: 320 },
      { from: 256, to: 640, keepFrom: 320, keepTo: 576 },
      { from: 512, to: 896, keepFrom: 576, keepTo: 832 },
      { from: 768, to: 1152, keepFrom: 832, keepTo: 1088 },
      { from: 896, to: 1280, keepFrom: 1088, keepTo: 1280 },
    ]);
  });

  it('takes the rows of every channel', () => {
    // 3 channels of 2 × 4: the value is channel × 100 + row × 10 + column.
    const data = Float32Array.from({ length: 24 }, (_, i) => Math.floor(i / 8) * 100 + Math.floor((i % 8) / 2) * 10 + (i % 2));
    expect([...inputRows({ data, width: 2, height: 4 }, 1, 3)]).toEqual([10, 11, 20, 21, 110, 111, 120, 121, 210, 211, 220, 221]);
  });
});

describe('≧ from its shape', () => {
  /** A 10 × 20 glyph: a chevron (pointing right, or left) over `bars` bars. */
  function symbol(direction: 'right' | 'left' | 'none', bars: number): GreyImage {
    const glyph = greyImage(10, 20);
    if (direction !== 'none') {
      for (let y = 2; y <= 12; y++) {
        const reach = 7 - Math.abs(y - 7); // 0 … 5 … 0
        const x = direction === 'right' ? 1 + reach : 8 - reach;
        fill(glyph, x, y, x + 2, y + 1);
      }
    }
    for (let b = 0; b < bars; b++) fill(glyph, 1, 15 + 3 * b, 9, 16 + 3 * b);
    return glyph;
  }
  const read = (glyph: GreyImage) => doubleBarComparison(mask(glyph), glyph.width, { x0: 1, x1: 9, top: 0, bottom: 20 });

  it('a chevron over two bars is ≧ or ≦', () => {
    expect([read(symbol('right', 2)), read(symbol('left', 2))]).toEqual(['≧', '≦']);
  });

  it('one bar (≥, which the model reads) or no chevron (=) is not', () => {
    expect([read(symbol('right', 1)), read(symbol('none', 2))]).toEqual([null, null]);
  });
});

describe('CTC greedy decoding', () => {
  it('drops blanks and repeats, keeps a letter repeated across a blank, and places each character', () => {
    // Classes: blank, a, b. Steps: a a _ a b.
    const steps = [1, 1, 0, 1, 2];
    const probabilities = new Float32Array(steps.flatMap((k) => [0, 1, 2].map((c) => (c === k ? 0.9 : 0.05))));
    const chars = ctcGreedyDecode(probabilities, 3, steps.length, ['a', 'b']);
    expect(chars.map((c) => [c.text, c.at])).toEqual([
      ['a', 8],
      ['a', 28],
      ['b', 36],
    ]);
    expect(chars.every((c) => Math.abs(c.confidence - 0.9) < 1e-6)).toBe(true);
  });
});

/** The share of a record's fields that differ from its golden, and the differences in budget lines. */
function scoreAgainst(golden: ReturnType<typeof readJson>, record: Awaited<ReturnType<typeof extractReport>>['record']) {
  const wrong = differences(golden, record);
  const fields = 8 + record.budget_lines.length * 9 + record.indicators.length * 13;
  return { share: wrong.length / fields, budget: wrong.filter((d) => d.startsWith('budget_lines')) };
}

describe('a scanned form end to end (200 dpi, turned −0.8°, a red seal over a header)', () => {
  const golden = readJson(path.join(FIXTURES, 'project-2021.golden.json'));

  it('reads its records with at most one field in fifty wrong and every budget figure exact', async () => {
    const { record } = await extractReport(path.join(FIXTURES, 'scanned/project-2021-scan.pdf'));
    const { share, budget } = scoreAgainst(golden, record);
    expect(share).toBeLessThanOrEqual(0.02);
    expect(budget).toEqual([]);
    expect(record.source.ocr).toBe(true);
    expect(record.budget_lines.every((line) => line.confidence !== undefined && line.confidence > 0 && line.confidence <= 1)).toBe(true);
  }, 300_000);
});

describe('a DOCX whose body is only page images', () => {
  it('is read by OCR like the scanned PDF whose page images it holds', async () => {
    const golden = readJson(path.join(FIXTURES, 'project-2021.golden.json'));
    const { record } = await extractReport(path.join(FIXTURES, 'scanned/project-2021-scan.docx'));
    expect(record.source).toMatchObject({ format: 'docx', pages: 2, ocr: true });
    const { share, budget } = scoreAgainst(golden, record);
    expect(share).toBeLessThanOrEqual(0.02);
    expect(budget).toEqual([]);
  }, 300_000);

  it('is an empty document with --no-ocr', async () => {
    const { document } = await extractFile(path.join(FIXTURES, 'scanned/project-2021-scan.docx'), { ...DEFAULT_EXTRACT_OPTIONS, ocr: false });
    expect(document.blocks.every((b) => b.kind === 'paragraph' && !b.text.trim())).toBe(true);
  });
});

/** A one-page PDF whose page draws `content` and nothing else. */
function pdfDrawing(content: string): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

describe('a page without text that paints no image', () => {
  it('gives nothing to recognise: rules or a blank page are no scan', async () => {
    const { loadPdf } = await import('../src/extract/pdf/load.js');
    const { pageImage } = await import('../src/extract/ocr/pdf-page.js');
    for (const content of ['50 50 400 300 re S 50 200 m 450 200 l S', '']) {
      const pdf = await loadPdf(pdfDrawing(content), { images: true });
      expect(await pageImage(await pdf.getPage(1))).toBeNull();
      await pdf.destroy();
    }
  });
});
