/**
 * Table rules from a page image: long horizontal and vertical strokes of ink. Each pixel row (or
 * column) is scanned for runs of ink long enough to be a rule, small breaks bridged (scans speckle
 * and JPEG thin a line); runs in neighbouring rows that overlap make one rule, at their mean position.
 */
import type { GreyImage } from './image.js';

/**
 * A stroke is a rule when it is at least this long (inches: three characters of body text, longer
 * than strokes of neighbouring characters that happen to line up) …
 */
export const MIN_RULE_INCHES = 0.5;
/** … or, for a vertical stroke, this long when both its ends meet horizontal rules (one short table row) … */
export const MIN_ROW_RULE_INCHES = 0.15;
/** … where "meet" allows this gap (inches). */
export const MEET_INCHES = 0.03;
/** … a break in it of at most this many pixels is bridged … */
export const MAX_RULE_GAP = 1;
/** … and it is at most this thick (inches); thicker ink is a filled area. */
export const MAX_RULE_INCHES = 0.04;

export interface ImageRule {
  orientation: 'h' | 'v';
  /** Centre row (horizontal) or column (vertical), in pixels. */
  at: number;
  from: number;
  /** Exclusive end. */
  to: number;
  thickness: number;
}

interface Run {
  line: number;
  from: number;
  to: number;
}

/** Runs of ink along each line of a mask read as `ink(line, position)`. */
function longRuns(lines: number, length: number, ink: (line: number, position: number) => boolean, minLength: number): Run[] {
  const runs: Run[] = [];
  for (let line = 0; line < lines; line++) {
    let start = -1;
    let lastInk = -1;
    for (let p = 0; p <= length; p++) {
      const isInk = p < length && ink(line, p);
      if (isInk) {
        if (start < 0 || p - lastInk > MAX_RULE_GAP + 1) {
          if (start >= 0 && lastInk + 1 - start >= minLength) runs.push({ line, from: start, to: lastInk + 1 });
          start = p;
        }
        lastInk = p;
      }
    }
    if (start >= 0 && lastInk + 1 - start >= minLength) runs.push({ line, from: start, to: lastInk + 1 });
  }
  return runs;
}

/** Runs on adjacent lines that overlap along their length → one rule each. */
function runsToRules(runs: Run[], orientation: 'h' | 'v', maxThickness: number): ImageRule[] {
  interface Group {
    lines: number[];
    weights: number[];
    from: number;
    to: number;
    lastLine: number;
  }
  const open: Group[] = [];
  const done: Group[] = [];
  for (const run of runs) {
    for (let i = open.length - 1; i >= 0; i--) if (run.line - open[i].lastLine > 1) done.push(...open.splice(i, 1));
    const group = open.find((g) => g.lastLine === run.line - 1 && run.from <= g.to + MAX_RULE_GAP && run.to + MAX_RULE_GAP >= g.from);
    if (group) {
      group.lines.push(run.line);
      group.weights.push(run.to - run.from);
      group.from = Math.min(group.from, run.from);
      group.to = Math.max(group.to, run.to);
      group.lastLine = run.line;
    } else if (!open.some((g) => g.lastLine === run.line && run.from < g.to && run.to > g.from)) {
      open.push({ lines: [run.line], weights: [run.to - run.from], from: run.from, to: run.to, lastLine: run.line });
    }
  }
  done.push(...open);
  return done
    .map((g) => {
      const total = g.weights.reduce((s, w) => s + w, 0);
      const at = g.lines.reduce((s, line, i) => s + line * g.weights[i], 0) / total;
      // The page is level by now: a rule spans as many rows as it is thick; a line of text many more.
      return { orientation, at, from: g.from, to: g.to, thickness: g.lines.length };
    })
    .filter((r) => r.thickness <= maxThickness);
}

/** Rules on one line with a short break between them (a stamp's edge, a scanner's dropout) are one rule. */
export function joinCollinear(rules: ImageRule[], maxGap: number): ImageRule[] {
  const sorted = [...rules].sort((a, b) => a.from - b.from);
  const joined: ImageRule[] = [];
  for (const r of sorted) {
    const last = joined.findLast((j) => Math.abs(j.at - r.at) <= 1.5 && Math.max(r.from, j.from) - Math.min(r.to, j.to) <= maxGap);
    if (last) {
      last.to = Math.max(last.to, r.to);
      last.from = Math.min(last.from, r.from);
    } else joined.push({ ...r });
  }
  return joined;
}

/** Horizontal and vertical rules in an ink mask (1 = ink) of an image scanned at `dpi`. */
export function findRules(mask: Uint8Array, image: Pick<GreyImage, 'width' | 'height'>, dpi: number): ImageRule[] {
  const { width, height } = image;
  const maxThickness = Math.max(2, MAX_RULE_INCHES * dpi);
  const horizontal = runsToRules(
    longRuns(height, width, (y, x) => mask[y * width + x] === 1, Math.round(MIN_RULE_INCHES * dpi)),
    'h',
    maxThickness,
  );
  const vertical = runsToRules(
    longRuns(width, height, (x, y) => mask[y * width + x] === 1, Math.round(MIN_ROW_RULE_INCHES * dpi)),
    'v',
    maxThickness,
  );
  const meet = MEET_INCHES * dpi;
  const joined = joinCollinear(vertical, 2 * meet);
  const meetsAt = (v: ImageRule, y: number) => horizontal.some((h) => Math.abs(h.at - y) <= meet + h.thickness && v.at >= h.from - meet && v.at <= h.to + meet);
  const isRule = (v: ImageRule) => v.to - v.from >= MIN_RULE_INCHES * dpi || (meetsAt(v, v.from) && meetsAt(v, v.to - 1));
  return [...horizontal, ...joined.filter(isRule)];
}

/** Paint the rules white, so text detection and recognition see only the text between them. */
export function eraseRules(image: GreyImage, rules: ImageRule[]): GreyImage {
  const data = image.data.slice();
  const { width, height } = image;
  for (const r of rules) {
    const half = r.thickness / 2 + 1;
    const lo = Math.max(0, Math.floor(r.at - half));
    const hi = Math.min(r.orientation === 'h' ? height : width, Math.ceil(r.at + half) + 1);
    for (let line = lo; line < hi; line++) {
      for (let p = r.from; p < r.to; p++) {
        const i = r.orientation === 'h' ? line * width + p : p * width + line;
        data[i] = 255;
      }
    }
  }
  return { width, height, data };
}
