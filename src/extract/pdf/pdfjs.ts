/**
 * The one place pdf.js is imported. natives.ts is imported first so it sees the engine's built-ins;
 * the worker code (which runs in this thread under Node) is loaded now rather than on first use, so
 * the built-ins its core-js replaced can be put back once both are in. Both are imported dynamically:
 * a static import is evaluated before any code of the importing module, and once a bundler has
 * joined natives.ts into this module, its capture would run after pdf.js had replaced them.
 */
import { restoreNativeBuiltins } from './natives.js';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
restoreNativeBuiltins();

export const { getDocument, OPS } = pdfjs;
export type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
