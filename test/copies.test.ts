/** Choosing among copies of one report: made-up reports stored directly, so each rule shows on its own. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { table, cell } from '../src/extract/model.js';
import type { BudgetLine, Indicator, Report, ReportRecord } from '../src/normalize/schema.js';
import { openStore, type Store } from '../src/store/db.js';
import { storeFile } from '../src/store/write.js';
import { budgetLine } from './support/records.js';

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-copies-'));

/** A made-up report: the fields copies are matched on, and a few rows. */
function record(report: Partial<Report>, indicators: Partial<Indicator>[], lines: Partial<BudgetLine>[] = []): ReportRecord {
  const indicator = (i: Partial<Indicator>): Indicator => ({
    project: null,
    subproject: null,
    level1: null,
    category: null,
    name: '指标',
    target: null,
    actual: null,
    weight: null,
    score: null,
    deviation: null,
    met: null,
    page: null,
    table: 0,
    cells: {},
    ...i,
  });
  return {
    source: { path: '', sha256: '', format: 'txt', pages: null },
    report: {
      title: null,
      department: '某市某局',
      region: '某市',
      year: 2021,
      kind: 'department_overall',
      project: null,
      self_score: null,
      grade: null,
      ...report,
    },
    budget_lines: lines.map((figures) => budgetLine(figures)),
    indicators: indicators.map(indicator),
    warnings: [],
  };
}

function store(db: Store, file: string, rec: ReportRecord, formProject: string | null = null): void {
  const formTable = { index: 0, kind: 'indicators' as const, page: null, label: null, project: formProject, rows: 1, columns: 1, table: table([[cell('x')]]) };
  storeFile(
    db,
    {
      path: file,
      sha256: file,
      sizeBytes: 1,
      format: 'txt',
      outcome: {
        ok: true,
        pages: null,
        record: rec,
        tables: [formTable],
        checks: [],
        sections: [],
        text: [],
        modelGzip: new Uint8Array(),
        readingWarnings: [],
      },
    },
    'test',
  );
}

const missed = { target: { raw: '5个', op: '=' as const, value: 5, unit: '个' }, actual: { raw: '0个', op: '=' as const, value: 0, unit: '个' }, met: false };

describe('choosing the copy', () => {
  it('reads the copy with most values filled in, whatever the order the files came in', () => {
    for (const order of [
      ['/a.txt', '/b.txt'],
      ['/b.txt', '/a.txt'],
    ]) {
      const db = openStore(path.join(temp(), 'db.sqlite'));
      const complete = record({}, [{ ...missed, weight: 10, score: 0 }]);
      const sparse = record({}, [{ ...missed }]);
      for (const file of order) store(db, file, file === '/b.txt' ? complete : sparse);
      expect(db.prepare(`SELECT path, weight FROM missed_targets`).all()).toEqual([{ path: '/b.txt', weight: 10 }]);
    }
  });

  it('breaks a tie by path, so the choice never depends on ingest order', () => {
    for (const order of [
      ['/a.txt', '/b.txt'],
      ['/b.txt', '/a.txt'],
    ]) {
      const db = openStore(path.join(temp(), 'db.sqlite'));
      for (const file of order) store(db, file, record({}, [missed]));
      expect(db.prepare(`SELECT path FROM missed_targets`).all()).toEqual([{ path: '/a.txt' }]);
    }
  });

  it('keeps apart reports of another year, department or kind, and reports it cannot identify', () => {
    const db = openStore(path.join(temp(), 'db.sqlite'));
    store(db, '/a.txt', record({}, [missed]));
    store(db, '/b.txt', record({ year: 2022 }, [missed]));
    store(db, '/c.txt', record({ department: '某市另一局' }, [missed]));
    store(db, '/d.txt', record({ kind: 'final_accounts' }, [missed]));
    store(db, '/e.txt', record({ department: null }, [missed]));
    store(db, '/f.txt', record({ department: null }, [missed]));
    expect(db.prepare(`SELECT count(*) AS n FROM missed_targets`).get()).toEqual({ n: 6 });
    expect(db.prepare(`SELECT max(copies) AS n FROM report_copies`).get()).toEqual({ n: 1 });
  });

  it('treats a project form inside a department report as that project’s report', () => {
    const db = openStore(path.join(temp(), 'db.sqlite'));
    store(db, '/dept.txt', record({}, [{ ...missed, project: '某专项' }]), '某专项');
    store(db, '/project.txt', record({ kind: 'project', project: '某专项', self_score: 90 }, [{ ...missed, project: '某专项' }]), '某专项');
    expect(db.prepare(`SELECT kind, project, path, attachment FROM report_copies ORDER BY path`).all()).toEqual([
      { kind: 'department_overall', project: null, path: '/dept.txt', attachment: 0 },
      { kind: 'project', project: '某专项', path: '/dept.txt', attachment: 1 },
      { kind: 'project', project: '某专项', path: '/project.txt', attachment: 0 },
    ]);
    expect(db.prepare(`SELECT kind, path FROM missed_targets`).all()).toEqual([{ kind: 'project', path: '/project.txt' }]);
  });
});
