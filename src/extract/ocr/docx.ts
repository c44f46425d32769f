/**
 * A DOCX whose body is only page images (a scan pasted into Word) → a document read by OCR. The
 * images are taken in the order the body shows them, each as one page as wide as A4, and laid out by
 * the same code as PDF pages.
 */
import { errorReason } from '../errors.js';
import type { Document } from '../model.js';
import { unzipLimited, type UnpackLimits } from '../unpack/index.js';
import { layOutPage, pagesToBlocks, type LaidOutPage } from '../pdf/layout.js';
import type { ColourImage } from './image.js';
import { recognisePage } from './page.js';

/** A page image is taken to be as wide as an A4 page, in points. */
export const PAGE_WIDTH = 595.28;

/** The media files the body embeds (r:embed), in the order it shows them. */
export function embeddedImageNames(documentXml: string, relationshipsXml: string): string[] {
  const targets = new Map<string, string>();
  for (const match of relationshipsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /Id="([^"]+)"/.exec(match[0])?.[1];
    const target = /Target="([^"]+)"/.exec(match[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `word/${target}`);
  }
  const names = [...documentXml.matchAll(/r:embed="([^"]+)"/g)].map((m) => targets.get(m[1])).filter((n): n is string => Boolean(n));
  return [...new Set(names)];
}

async function decodeImage(bytes: Uint8Array): Promise<ColourImage> {
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(Buffer.from(bytes));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, image.width, image.height);
  context.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, channels: 4, data: context.getImageData(0, 0, image.width, image.height).data };
}

export async function recogniseDocxImages(bytes: Uint8Array, limits: UnpackLimits): Promise<Document> {
  const parts = unzipLimited(bytes, (name) => /^word\/(document\.xml|_rels\/document\.xml\.rels|media\/)/.test(name), limits);
  const decoder = new TextDecoder();
  const names = embeddedImageNames(
    decoder.decode(parts.get('word/document.xml') ?? new Uint8Array()),
    decoder.decode(parts.get('word/_rels/document.xml.rels') ?? new Uint8Array()),
  );
  const pages: LaidOutPage[] = [];
  const warnings: string[] = [];
  for (const name of names.filter((n) => parts.has(n))) {
    const number = pages.length + 1;
    let image: ColourImage;
    try {
      image = await decodeImage(parts.get(name)!);
    } catch (error) {
      warnings.push(`image ${name} skipped: it cannot be decoded (${errorReason(error)})`);
      continue;
    }
    const height = (image.height * PAGE_WIDTH) / image.width;
    const { glyphs, segments } = await recognisePage(image, { x: 0, top: height, width: PAGE_WIDTH, height });
    pages.push(layOutPage(glyphs, segments, [0, 0, PAGE_WIDTH, height], number));
  }
  const document: Document = { format: 'docx', pages: pages.length, declaredTitle: null, blocks: pagesToBlocks(pages), ocr: true };
  if (warnings.length) document.warnings = warnings;
  return document;
}
