/**
 * Ruling lines → table grids, after pdfplumber's chain: segmentsToEdges → snapEdges → joinEdges →
 * edgesToTables → tableToCells. Word and LibreOffice draw each border twice, about 0.5 pt apart, and
 * pdf.js stores coordinates as Float32, so positions are snapped before anything is compared.
 */
import type { Segment } from './rules.js';

/** Edges closer than this (pt) are one edge. */
export const SNAP_TOLERANCE = 2;
/** Collinear edges with a gap below this (pt) are one edge. */
export const JOIN_TOLERANCE = 3;
/** How far (pt) an edge may stop short of a crossing and still meet it. */
export const INTERSECTION_TOLERANCE = 3;
/** Edges shorter than this (pt) are specks, not rules. */
export const MIN_EDGE_LENGTH = 3;
/** A border must cover this share of a cell side to count as closing it. */
export const BORDER_COVERAGE = 0.8;

/** An axis-aligned edge: `at` is its y (horizontal) or x (vertical); it runs from `from` to `to`. */
export interface Edge {
  orientation: 'h' | 'v';
  at: number;
  from: number;
  to: number;
}

export interface GridCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  x0: number;
  x1: number;
  /** Bottom and top in PDF space (y grows upwards). */
  y0: number;
  y1: number;
}

export interface RuledTable {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  rows: number;
  cols: number;
  cells: GridCell[];
}

export function segmentsToEdges(segments: Segment[]): Edge[] {
  const edges: Edge[] = [];
  for (const s of segments) {
    const horizontal = Math.abs(s.y0 - s.y1) <= Math.abs(s.x0 - s.x1);
    const edge: Edge = horizontal
      ? { orientation: 'h', at: (s.y0 + s.y1) / 2, from: Math.min(s.x0, s.x1), to: Math.max(s.x0, s.x1) }
      : { orientation: 'v', at: (s.x0 + s.x1) / 2, from: Math.min(s.y0, s.y1), to: Math.max(s.y0, s.y1) };
    edges.push(edge);
  }
  return edges;
}

/** Positions within the tolerance of each other, chained, become their mean. */
function snapPositions(values: number[], tolerance: number): Map<number, number> {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const snapped = new Map<number, number>();
  let cluster: number[] = [];
  const close = () => {
    const mean = cluster.reduce((s, v) => s + v, 0) / cluster.length;
    for (const v of cluster) snapped.set(v, mean);
    cluster = [];
  };
  for (const v of sorted) {
    if (cluster.length && v - cluster[cluster.length - 1] > tolerance) close();
    cluster.push(v);
  }
  if (cluster.length) close();
  return snapped;
}

export function snapEdges(edges: Edge[], tolerance = SNAP_TOLERANCE): Edge[] {
  const result: Edge[] = [];
  for (const orientation of ['h', 'v'] as const) {
    const group = edges.filter((e) => e.orientation === orientation);
    const snapped = snapPositions(
      group.map((e) => e.at),
      tolerance,
    );
    for (const e of group) result.push({ ...e, at: snapped.get(e.at)! });
  }
  return result;
}

/** Overlapping or nearly touching edges on one line become one edge. */
export function joinEdges(edges: Edge[], tolerance = JOIN_TOLERANCE): Edge[] {
  const byLine = new Map<string, Edge[]>();
  for (const e of edges) {
    const key = `${e.orientation}${e.at}`;
    byLine.set(key, [...(byLine.get(key) ?? []), e]);
  }
  const joined: Edge[] = [];
  for (const group of byLine.values()) {
    group.sort((a, b) => a.from - b.from);
    let current = { ...group[0] };
    for (const e of group.slice(1)) {
      if (e.from <= current.to + tolerance) current.to = Math.max(current.to, e.to);
      else {
        joined.push(current);
        current = { ...e };
      }
    }
    joined.push(current);
  }
  return joined.filter((e) => e.to - e.from >= MIN_EDGE_LENGTH);
}

function crosses(h: Edge, v: Edge, tolerance = INTERSECTION_TOLERANCE): boolean {
  return v.at >= h.from - tolerance && v.at <= h.to + tolerance && h.at >= v.from - tolerance && h.at <= v.to + tolerance;
}

/** Edges that cross one another, transitively, make one table. */
export function edgesToTableEdges(edges: Edge[]): Edge[][] {
  const parent = edges.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const horizontals = edges.map((e, i) => [e, i] as const).filter(([e]) => e.orientation === 'h');
  const verticals = edges.map((e, i) => [e, i] as const).filter(([e]) => e.orientation === 'v');
  for (const [h, hi] of horizontals) {
    for (const [v, vi] of verticals) if (crosses(h, v)) parent[find(hi)] = find(vi);
  }
  const groups = new Map<number, Edge[]>();
  edges.forEach((e, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), e]));
  return [...groups.values()].filter((g) => g.some((e) => e.orientation === 'h') && g.some((e) => e.orientation === 'v'));
}

function covers(edges: Edge[], at: number, from: number, to: number): boolean {
  const needed = (to - from) * BORDER_COVERAGE;
  let covered = 0;
  for (const e of edges) {
    if (Math.abs(e.at - at) > SNAP_TOLERANCE) continue;
    covered += Math.max(0, Math.min(e.to, to) - Math.max(e.from, from));
  }
  return covered >= needed;
}

/**
 * One table's edges → its cells. Every distinct rule position cuts the table into a fine grid;
 * neighbouring grid boxes with no border between them belong to one merged cell.
 */
export function edgesToTable(edges: Edge[]): RuledTable | null {
  const horizontals = edges.filter((e) => e.orientation === 'h');
  const verticals = edges.filter((e) => e.orientation === 'v');
  const xs = [...new Set(verticals.map((e) => e.at))].sort((a, b) => a - b);
  const ys = [...new Set(horizontals.map((e) => e.at))].sort((a, b) => b - a); // top first
  if (xs.length < 2 || ys.length < 2) return null;
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  const parent = Array.from({ length: rows * cols }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const union = (a: number, b: number) => (parent[find(a)] = find(b));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [top, bottom, left, right] = [ys[r], ys[r + 1], xs[c], xs[c + 1]];
      if (c + 1 < cols && !covers(verticals, right, bottom, top)) union(r * cols + c, r * cols + c + 1);
      if (r + 1 < rows && !covers(horizontals, bottom, left, right)) union(r * cols + c, (r + 1) * cols + c);
    }
  }
  const boxes = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const root = find(r * cols + c);
      const box = boxes.get(root);
      if (!box) boxes.set(root, { r0: r, r1: r, c0: c, c1: c });
      else Object.assign(box, { r0: Math.min(box.r0, r), r1: Math.max(box.r1, r), c0: Math.min(box.c0, c), c1: Math.max(box.c1, c) });
    }
  }
  const cells = [...boxes.values()]
    .map(({ r0, r1, c0, c1 }) => ({
      row: r0,
      col: c0,
      rowSpan: r1 - r0 + 1,
      colSpan: c1 - c0 + 1,
      x0: xs[c0],
      x1: xs[c1 + 1],
      y0: ys[r1 + 1],
      y1: ys[r0],
    }))
    .sort((a, b) => a.row - b.row || a.col - b.col);
  if (cells.length < 2) return null;
  return { x0: xs[0], x1: xs[cols], y0: ys[rows], y1: ys[0], rows, cols, cells };
}

export function segmentsToTables(segments: Segment[]): RuledTable[] {
  const edges = joinEdges(snapEdges(segmentsToEdges(segments)));
  return edgesToTableEdges(edges)
    .map(edgesToTable)
    .filter((t): t is RuledTable => t !== null);
}
