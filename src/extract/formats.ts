/** Which format a file is, by its extension (its own module: listing files needs it without loading any reader). */
import path from 'node:path';
import type { Format } from './model.js';

const EXTENSION_FORMATS: Record<string, Format> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.html': 'html',
  '.htm': 'html',
  '.shtml': 'html',
  '.xhtml': 'html',
  '.docx': 'docx',
  '.pdf': 'pdf',
  '.doc': 'doc',
  '.wps': 'doc',
  '.xlsx': 'xlsx',
  '.xls': 'xls',
};

export function formatOfPath(file: string): Format | null {
  return EXTENSION_FORMATS[path.extname(file).toLowerCase()] ?? null;
}
