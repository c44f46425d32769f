/** The running jixiao's version, recorded with every stored document. */
import { existsSync, readFileSync } from 'node:fs';

/**
 * The package's own package.json: the nearest one above this module, which is one folder up from
 * tsc's output (dist/) and two from the bundled command (dist/bin/).
 */
function manifestUrl(): URL {
  for (let folder = new URL('./', import.meta.url); ; folder = new URL('../', folder)) {
    const candidate = new URL('package.json', folder);
    if (existsSync(candidate)) return candidate;
    if (folder.pathname === '/') throw new Error('package.json not found above the jixiao modules');
  }
}

const manifest = JSON.parse(readFileSync(manifestUrl(), 'utf8')) as { version: string };

export const VERSION: string = manifest.version;
