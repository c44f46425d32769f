/**
 * pdfjs-dist set up for Node: the legacy build, with the package's own cMaps and standard fonts so
 * Chinese text in CID fonts without /ToUnicode decodes (nothing is downloaded at run time).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument, type PDFDocumentProxy } from './pdfjs.js';
import { UnreadableFileError } from '../errors.js';

const require = createRequire(import.meta.url);
const PDFJS_ROOT = path.dirname(require.resolve('pdfjs-dist/package.json'));
const CMAP_URL = `${path.join(PDFJS_ROOT, 'cmaps')}/`;
const STANDARD_FONT_URL = `${path.join(PDFJS_ROOT, 'standard_fonts')}/`;

/** Files read once per worker (thread or process) and shared by every document it reads. */
const binaryCache = new Map<string, Promise<Uint8Array>>();

/**
 * pdf.js's BinaryDataFactory, caching: a batch would otherwise read the same cMaps and standard
 * fonts from disk for every document. pdf.js may transfer the buffer it gets, so each caller gets a copy.
 */
class CachedBinaryDataFactory {
  private readonly roots: Record<string, string | null>;
  constructor({ cMapUrl = null, standardFontDataUrl = null }: { cMapUrl?: string | null; standardFontDataUrl?: string | null }) {
    this.roots = { cMapUrl, standardFontDataUrl };
  }

  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const root = this.roots[kind];
    if (!root) throw new Error(`no ${kind} configured`);
    const file = `${root}${filename}`;
    let cached = binaryCache.get(file);
    if (!cached) binaryCache.set(file, (cached = readFile(file).then((b) => new Uint8Array(b))));
    return (await cached).slice();
  }
}

interface FontLoader {
  bind(font: unknown): Promise<void>;
}

/**
 * pdf.js attaches every embedded font to the page's HTML document for drawing, as an @font-face rule
 * with the whole font in base64 (a tenth of all memory allocated reading a PDF). Under Node there is
 * no document: the attachment fails, and pdf.js falls back to building the outline of every glyph read
 * so far. We never draw, so fonts are not attached at all. (`_transport` is pdf.js's own; the version
 * is pinned. Without it, reading is slower, not wrong.)
 */
function attachNoFonts(pdf: PDFDocumentProxy): PDFDocumentProxy {
  const loader = (pdf as unknown as { _transport?: { fontLoader?: FontLoader } })._transport?.fontLoader;
  if (loader) loader.bind = async () => undefined;
  return pdf;
}

/** pdf.js's exception names → the reason a user reads. */
function reasonOf(error: unknown): string {
  const name = (error as { name?: string })?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return 'password required: the PDF is encrypted';
  if (name === 'InvalidPDFException') return `damaged PDF: ${message.replace(/\.$/, '')}`;
  if (name === 'MissingPDFException') return 'no such file';
  return `damaged PDF: ${message.split('\n')[0]}`;
}

/**
 * `images`: decode images (for pages that are read by OCR); text pages never need them.
 * `drawing`: a document whose pages are drawn as they look (the desk's page images), its text with
 * its own fonts: font programs are read and attached, images decoded.
 */
export async function loadPdf(bytes: Uint8Array, { images = false, drawing = false } = {}): Promise<PDFDocumentProxy> {
  const task = getDocument({
    // pdf.js takes ownership of the buffer it is given: pass a copy so callers keep theirs.
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONT_URL,
    BinaryDataFactory: CachedBinaryDataFactory,
    verbosity: 0,
    isEvalSupported: false,
    // Reading never draws: with font faces "enabled" (see attachNoFonts), pdf.js builds no glyph
    // outlines. Drawing under Node has no font faces to attach: glyphs are drawn as outlines.
    disableFontFace: drawing,
    // Our patch of pdf.js (patches/pdfjs-dist+5.6.205.patch): fonts are read for their encoding, widths
    // and Unicode mapping, and their programs are not converted to OpenType for drawing.
    disableFontPrograms: !drawing,
    // Images are never drawn: skip decoding them (pdf.js decodes images while building operator lists).
    maxImageSize: images || drawing ? -1 : 1,
    stopAtErrors: false,
  });
  try {
    const pdf = await task.promise;
    return drawing ? pdf : attachNoFonts(pdf);
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw new UnreadableFileError(reasonOf(error));
  }
}
