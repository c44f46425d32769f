/**
 * Issue 20's bound on the parser: no function in src/parse is over 60 lines, counted from its first
 * line to its last with the TypeScript compiler's own reading of the source (so a function written as
 * an arrow, a method or a nested helper counts the same as a declaration).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 60;
const PARSE = path.resolve(import.meta.dirname, '../src/parse');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

/** Every function of a source text longer than `max` lines, as `file:line name (N lines)`. */
function longFunctions(file: string, text: string, max: number): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = lineOf(node.getStart(source));
      const lines = lineOf(node.getEnd()) - first + 1;
      const named = node.name ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name : undefined);
      const name = named && ts.isIdentifier(named) ? named.text : '(anonymous)';
      if (lines > max) found.push(`${path.relative(process.cwd(), file)}:${first} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('function length in src/parse', () => {
  it('finds a function over the bound in a made-up source, an arrow by its variable', () => {
    const body = Array.from({ length: 5 }, (_, i) => `  const x${i} = ${i};`).join('\n');
    const text = `function short() {\n  return 1;\n}\nconst long = () => {\n${body}\n};\n`;
    expect(longFunctions('made-up.ts', text, 6)).toEqual(['made-up.ts:4 long (7 lines)']);
    expect(longFunctions('made-up.ts', text, 7)).toEqual([]);
  });

  it(`has no function over ${MAX_LINES} lines`, () => {
    const files = sourceFiles(PARSE);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((file) => longFunctions(file, readFileSync(file, 'utf8'), MAX_LINES))).toEqual([]);
  });
});
