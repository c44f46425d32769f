/**
 * Ruling lines from a page's drawing operators: stroked lines and the edges of stroked rectangles,
 * plus thin filled rectangles (how Word draws borders), moved to page space through the CTM.
 * pdf.js ≥ 5.1 folds a path into one constructPath op: [paintOp, [Float32Array], minMax], the array
 * coded moveTo 0, lineTo 1, curveTo 2, quadraticCurveTo 3, closePath 4 (DrawOPS is not exported).
 */
import { OPS } from './pdfjs.js';

export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export type Matrix = [number, number, number, number, number, number];

const MOVE_TO = 0;
const LINE_TO = 1;
const CURVE_TO = 2;
const QUAD_TO = 3;
const CLOSE_PATH = 4;

/** A filled rectangle thinner than this is a rule, not a shaded area. */
export const THIN_FILL = 2;
/** How far from exactly horizontal or vertical a rule may lean. */
export const AXIS_TOLERANCE = 1;

const STROKES = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const FILLS = new Set<number>([OPS.fill, OPS.eoFill]);

/** The product of two PDF transformation matrices (m then n, as pdf.js composes them). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function isAxisAligned(s: Segment): boolean {
  return Math.abs(s.y0 - s.y1) <= AXIS_TOLERANCE || Math.abs(s.x0 - s.x1) <= AXIS_TOLERANCE;
}

/** White lines are invisible: they draw no border (and make phantom cells if kept). */
function isWhite(color: unknown): boolean {
  return typeof color === 'string' && /^#f[0-9a-f]f[0-9a-f]f[0-9a-f]$/i.test(color);
}

interface Subpath {
  points: [number, number][];
  closed: boolean;
}

function pathToSubpaths(data: ArrayLike<number>, ctm: Matrix): Subpath[] {
  const subpaths: Subpath[] = [];
  let current: Subpath | null = null;
  for (let i = 0; i < data.length;) {
    const op = data[i++];
    if (op === MOVE_TO) {
      current = { points: [apply(ctm, data[i], data[i + 1])], closed: false };
      subpaths.push(current);
      i += 2;
    } else if (op === LINE_TO) {
      current?.points.push(apply(ctm, data[i], data[i + 1]));
      i += 2;
    } else if (op === CURVE_TO) {
      // Curves are never table rules: end the subpath here.
      current = null;
      i += 6;
    } else if (op === QUAD_TO) {
      current = null;
      i += 4;
    } else if (op === CLOSE_PATH) {
      if (current) current.closed = true;
    } else {
      break;
    }
  }
  return subpaths;
}

function subpathEdges(subpath: Subpath): Segment[] {
  const { points, closed } = subpath;
  const edges: Segment[] = [];
  const last = closed ? points.length : points.length - 1;
  for (let k = 0; k < last; k++) {
    const [x0, y0] = points[k];
    const [x1, y1] = points[(k + 1) % points.length];
    edges.push({ x0, y0, x1, y1 });
  }
  return edges;
}

/** A filled subpath that is a thin axis-aligned rectangle becomes the rule along its length. */
function thinFillRule(subpath: Subpath): Segment | null {
  const xs = subpath.points.map((p) => p[0]);
  const ys = subpath.points.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const [w, h] = [x1 - x0, y1 - y0];
  if (subpath.points.length < 2 || (w > THIN_FILL && h > THIN_FILL)) return null;
  return w >= h ? { x0, y0: (y0 + y1) / 2, x1, y1: (y0 + y1) / 2 } : { x0: (x0 + x1) / 2, y0, x1: (x0 + x1) / 2, y1 };
}

export interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

export function operatorListToSegments({ fnArray, argsArray }: OperatorList): Segment[] {
  const segments: Segment[] = [];
  const stack: { ctm: Matrix; stroke: unknown; fill: unknown }[] = [];
  let state = { ctm: [1, 0, 0, 1, 0, 0] as Matrix, stroke: null as unknown, fill: null as unknown };
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push({ ...state });
    else if (fn === OPS.restore) state = stack.pop() ?? state;
    else if (fn === OPS.transform) state = { ...state, ctm: multiply(state.ctm, args as Matrix) };
    else if (fn === OPS.setStrokeRGBColor) state = { ...state, stroke: args[0] };
    else if (fn === OPS.setFillRGBColor) state = { ...state, fill: args[0] };
    else if (fn === OPS.constructPath) {
      const [paintOp, [data]] = args as [number, [ArrayLike<number>]];
      if (!data) continue;
      const subpaths = pathToSubpaths(data, state.ctm);
      if (STROKES.has(paintOp) && !isWhite(state.stroke)) {
        for (const s of subpaths) segments.push(...subpathEdges(s).filter(isAxisAligned));
      } else if (FILLS.has(paintOp) && !isWhite(state.fill)) {
        for (const s of subpaths) {
          const rule = thinFillRule(s);
          if (rule) segments.push(rule);
        }
      }
    }
  }
  return segments;
}
