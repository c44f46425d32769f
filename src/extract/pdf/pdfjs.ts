/**
 * The one place pdf.js is imported. natives.ts is imported first so it sees the engine's built-ins;
 * the worker code (which runs in this thread under Node) is loaded now rather than on first use, so
 * the built-ins its core-js replaced can be put back once both are in.
 */
import { restoreNativeBuiltins } from './natives.js';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
restoreNativeBuiltins();

export const { getDocument, OPS } = pdfjs;
export type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
