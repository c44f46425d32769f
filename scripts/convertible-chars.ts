// Writes src/normalize/convertible-chars.ts: every character opencc's Traditional → Simplified
// conversion (t → cn) can change, read from the installed opencc-js's dictionaries.
// Usage: npx tsx scripts/convertible-chars.ts   (after upgrading opencc-js; a test says when)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js/t2cn';

type Dictionary = string | [string, string][];

/**
 * The characters an entry changes: where source and replacement differ, position by position; all of
 * the source's when their lengths differ. A text holding none of them matches no changing entry.
 */
export function convertibleCharacters(dictionaries: Dictionary[]): string[] {
  const changed = new Set<string>();
  for (const dictionary of dictionaries) {
    const entries = typeof dictionary === 'string' ? dictionary.split('|').map((e) => e.split(' ') as [string, string]) : dictionary;
    for (const [source, replacement] of entries) {
      const [from, to] = [[...source], [...replacement]];
      from.forEach((char, i) => {
        if (from.length !== to.length || char !== to[i]) changed.add(char);
      });
    }
  }
  return [...changed].sort();
}

/** The dictionaries `Converter({ from: 't', to: 'cn' })` applies (opencc-js's "t2s" configuration). */
export function t2sDictionaries(): Dictionary[] {
  const { normalizationChain = [], conversionChain } = (
    OpenCC.Locale as unknown as { configs: Record<string, { normalizationChain?: Dictionary[][]; conversionChain: Dictionary[][] }> }
  ).configs.t2s;
  return [...normalizationChain.flat(), ...conversionChain.flat()];
}

export function convertibleModule(chars: string[]): string {
  return `// Written by scripts/convertible-chars.ts from opencc-js's t2s dictionaries: do not edit.
// The ${chars.length} characters a Traditional → Simplified conversion can change (see traditional.ts).
export const CONVERTIBLE_CHARACTERS = ${JSON.stringify(chars.join(''))};
`;
}

// Run as a script it writes the module; imported (by its test) it only lends its functions.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('../src/normalize/convertible-chars.ts', import.meta.url), convertibleModule(convertibleCharacters(t2sDictionaries())));
}
