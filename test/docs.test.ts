/** The README is a front door, and every relative link in it and in docs/ leads somewhere in the repository. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sampleFiles } from '../scripts/samples.js';

const DOCUMENTS = [...sampleFiles(), 'CHANGELOG.md'];

/** Markdown links and images outside code, as [text](target). */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/** The anchors GitHub makes from a document's headings. */
function anchorsOf(markdown: string): Set<string> {
  const headings = markdown.replace(/```[\s\S]*?```/g, '').match(/^#+ .*$/gm) ?? [];
  return new Set(
    headings.map((h) =>
      h
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

describe('the README', () => {
  it('is a front door: at most 250 lines', () => {
    const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n').length;
    expect(lines).toBeLessThanOrEqual(250);
  });
});

describe.each(DOCUMENTS)('%s', (file) => {
  const text = readFileSync(path.join(ROOT, file), 'utf8');

  it('links only inside the repository, to files and headings that exist', () => {
    const broken: string[] = [];
    for (const link of linksOf(text)) {
      if (/^[a-z]+:/i.test(link)) continue;
      const [target, anchor] = link.split('#');
      const resolved = target ? path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), decodeURI(target))) : file;
      if (resolved.startsWith('..')) broken.push(`${link}: outside the repository`);
      else if (!existsSync(path.join(ROOT, resolved))) broken.push(`${link}: no such file`);
      else if (anchor && resolved.endsWith('.md') && !anchorsOf(readFileSync(path.join(ROOT, resolved), 'utf8')).has(anchor)) {
        broken.push(`${link}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('does not send readers to ../shared, which a clone does not have', () => {
    expect(text).not.toMatch(/\.\.\/shared/);
  });
});
