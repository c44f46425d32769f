/**
 * A PDF page drawn onto @napi-rs/canvas (which implements the browser canvas API pdf.js draws with),
 * on a white ground: for OCR of a page that is more than one picture, and for the desk's page images.
 */
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';

export interface DrawnPage {
  canvas: Canvas;
  context: SKRSContext2D;
  width: number;
  height: number;
}

/** Draw `page` at `scale` (1 = 72 pixels per inch). */
export async function drawPage(page: PDFPageProxy, scale: number): Promise<DrawnPage> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const viewport = page.getViewport({ scale });
  const [width, height] = [Math.ceil(viewport.width), Math.ceil(viewport.height)];
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  type RenderParameters = Parameters<PDFPageProxy['render']>[0];
  // @napi-rs/canvas's types are its own; its objects are what pdf.js expects.
  await page.render({
    canvas: canvas as unknown as RenderParameters['canvas'],
    canvasContext: context as unknown as RenderParameters['canvasContext'],
    viewport,
  }).promise;
  return { canvas, context, width, height };
}
