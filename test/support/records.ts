/** Made-up records for tests: every field empty unless a test says otherwise. */
import type { BudgetLine } from '../../src/normalize/schema.js';

/** A budget line of table 0 with no figures: a test sets the ones its rule needs. */
export const budgetLine = (figures: Partial<BudgetLine> = {}): BudgetLine => ({
  project: null,
  name: '合计',
  initial_budget: null,
  adjustment: null,
  final_budget: null,
  spent: null,
  execution_rate: null,
  weight: null,
  score: null,
  page: null,
  table: 0,
  cells: {},
  ...figures,
});
