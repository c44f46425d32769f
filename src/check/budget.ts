/**
 * Checks of the budget lines: a stated execution rate against spent ÷ final budget, and a total line
 * against the sum of its parts, each allowing for the rounding of what was printed.
 */
import type { BudgetLine } from '../normalize/schema.js';
import { halfStep, moneyStep, printedStep } from './precision.js';
import type { Check } from './schema.js';

const MONEY_COLUMNS = ['initial_budget', 'adjustment', 'final_budget', 'spent'] as const;

/** Is the line one that states the total of the lines printed with it (合计)? */
export type IsTotalLine = (line: BudgetLine) => boolean;

const round = (value: number, decimals = 2) => Number(value.toFixed(decimals));
const money = (value: number) => round(value).toLocaleString('en-US');

/** The lines of one table and project: what a total line can add up. */
function blocksOf(lines: readonly BudgetLine[]): BudgetLine[][] {
  const blocks = new Map<string, BudgetLine[]>();
  for (const line of lines) {
    const key = `${line.table}\u0000${line.project ?? ''}`;
    const block = blocks.get(key);
    if (block) block.push(line);
    else blocks.set(key, [line]);
  }
  return [...blocks.values()];
}

/** The step every amount of a table was rounded to, by table. */
function stepsByTable(lines: readonly BudgetLine[]): Map<number, number> {
  const amounts = new Map<number, number[]>();
  for (const line of lines) {
    const list = amounts.get(line.table) ?? [];
    for (const column of MONEY_COLUMNS) if (line[column] !== null) list.push(line[column]);
    amounts.set(line.table, list);
  }
  return new Map([...amounts].map(([table, list]) => [table, moneyStep(list)]));
}

/**
 * Does a stated rate agree with spent ÷ final budget? Both amounts may be off by half a step and the
 * rate by half of its own (or a whole one, for a rate cut off rather than rounded); a rate over 100 may
 * be printed as 100.
 */
export function executionRateAgrees(stated: number, spent: number, finalBudget: number, step: number): boolean {
  const half = halfStep(step);
  const low = (100 * Math.max(0, spent - half)) / (finalBudget + half);
  const high = (100 * (spent + half)) / Math.max(finalBudget - half, Number.EPSILON);
  const rateStep = printedStep(stated);
  if (stated + rateStep + 1e-9 >= low && stated - halfStep(rateStep) <= high) return true;
  return stated === 100 && low >= 100;
}

/** The project form a table belongs to, or null for the report's own tables. */
export type FormOfTable = (table: number) => string | null;

export function checkExecutionRates(lines: readonly BudgetLine[], formOf: FormOfTable): Check[] {
  const steps = stepsByTable(lines);
  return lines.flatMap((line): Check[] => {
    const { execution_rate: stated, spent, final_budget: finalBudget } = line;
    if (stated === null || spent === null || finalBudget === null || finalBudget <= 0) return [];
    if (executionRateAgrees(stated, spent, finalBudget, steps.get(line.table) ?? 1)) return [];
    const computed = round((100 * spent) / finalBudget);
    return [
      {
        check: 'execution_rate',
        subject: line.name,
        project: formOf(line.table),
        stated,
        computed,
        detail: `spent ${money(spent)} of ${money(finalBudget)} 元`,
        page: line.page,
      },
    ];
  });
}

/**
 * The sum of the parts, reading a line that equals the sum of the lines right below it as their
 * subtotal (项目支出 above its projects), so each amount counts once.
 */
export function sumOfParts(values: readonly number[], tolerance: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    let run = 0;
    for (let j = i + 1; j < values.length; j++) {
      run += values[j];
      if (j > i + 1 && Math.abs(run - values[i]) <= tolerance) {
        i = j;
        break;
      }
      if (run > values[i] + tolerance) break;
    }
  }
  return sum;
}

/** The lines a total line adds up: those below it up to the next total, or above it when it closes the block. */
function partsOf(block: readonly BudgetLine[], at: number, isTotal: IsTotalLine): BudgetLine[] {
  if (at === block.length - 1 && at > 0) {
    const start = block.slice(0, at).findLastIndex(isTotal) + 1;
    return block.slice(start, at);
  }
  const end = block.findIndex((line, i) => i > at && isTotal(line));
  return block.slice(at + 1, end < 0 ? block.length : end);
}

export function checkBudgetTotals(lines: readonly BudgetLine[], formOf: FormOfTable, isTotal: IsTotalLine): Check[] {
  const steps = stepsByTable(lines);
  const checks: Check[] = [];
  for (const block of blocksOf(lines)) {
    block.forEach((total, at) => {
      if (!isTotal(total)) return;
      const parts = partsOf(block, at, isTotal);
      if (parts.length < 2) return;
      const tolerance = halfStep(steps.get(total.table) ?? 1) * (parts.length + 1);
      for (const column of MONEY_COLUMNS) {
        const stated = total[column];
        const values = parts.map((part) => part[column]);
        if (stated === null || values.some((v) => v === null)) continue;
        const amounts = values as number[];
        const flat = amounts.reduce((a, b) => a + b, 0);
        if (Math.abs(flat - stated) <= tolerance || Math.abs(sumOfParts(amounts, tolerance) - stated) <= tolerance) continue;
        checks.push({
          check: 'budget_total',
          subject: `${total.name}: ${column}`,
          project: formOf(total.table),
          stated,
          computed: round(flat),
          detail: `${total.name} ≠ ${parts.map((p) => p.name).join(' + ')}`,
          page: total.page,
        });
      }
    });
  }
  return checks;
}
