/**
 * Copies that disagree: a reposted copy of the project form with a rate, a figure and an actual
 * altered is stored beside the original. copy_conflicts names each field that differs with both values,
 * paths and pages; the altered copy's own sums reach inconsistencies under its own path.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest, inProcessRunner } from '../src/ingest/run.js';
import { openStore, type Store } from '../src/store/db.js';
import { alteredCopyBeside } from './support/altered-copy.js';

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-conflicts-'));

describe('an altered copy of the project form beside the original', () => {
  let db: Store;
  let original: string;
  let altered: string;
  beforeAll(async () => {
    const folder = temp();
    ({ original, altered } = alteredCopyBeside(folder));
    const database = path.join(temp(), 'db.sqlite');
    await ingest([folder], { database, runner: inProcessRunner() });
    db = openStore(database, { readonly: true });
  });

  it('lists each field that differs, once, with the chosen copy first', () => {
    const rows = db
      .prepare(
        `SELECT department, year, kind, project, field, subject, value, other_value, path, page, other_path, other_page
         FROM copy_conflicts ORDER BY subject, field`,
      )
      .all();
    const copy = { department: '江门市工业和信息化局', year: 2021, kind: 'project', project: '市工业互联网专项资金' };
    const paths = { path: original, page: null, other_path: altered, other_page: null };
    expect(rows).toEqual([
      { ...copy, field: 'execution_rate', subject: '年度资金总额', value: '97.7', other_value: '91.7', ...paths },
      { ...copy, field: 'initial_budget', subject: '年度资金总额', value: '8000000', other_value: '8500000', ...paths },
      { ...copy, field: 'actual', subject: '资金拨付及时率', value: '95%', other_value: '97%', ...paths },
    ]);
  });

  it('names both reports: the chosen copy on the report_id side', () => {
    const pairs = db
      .prepare(
        `SELECT DISTINCT c.report_id = rc.report_id AS first_is_chosen, c.other_report_id <> c.report_id AS two_reports
         FROM copy_conflicts c JOIN report_copies rc ON rc.chosen AND rc.kind = c.kind AND rc.project IS c.project`,
      )
      .all();
    expect(pairs).toEqual([{ first_is_chosen: 1, two_reports: 1 }]);
  });

  it('lists the altered copy’s own checks under its path, and none for the original', () => {
    const rows = db.prepare(`SELECT "check", subject, stated, computed, path, chosen FROM inconsistencies ORDER BY "check"`).all();
    expect(rows).toEqual([
      { check: 'budget_total', subject: '年度资金总额: initial_budget', stated: 8500000, computed: 8000000, path: altered, chosen: 0 },
      { check: 'execution_rate', subject: '年度资金总额', stated: 91.7, computed: 97.7, path: altered, chosen: 0 },
    ]);
  });

  it('still counts the report once', () => {
    expect(db.prepare(`SELECT count(*) AS n FROM current_reports`).get()).toEqual({ n: 1 });
    expect(db.prepare(`SELECT count(*) AS n FROM budget_execution WHERE line = '年度资金总额'`).get()).toEqual({ n: 1 });
  });
});
