/**
 * How precisely a number was printed, so a check allows for rounding: 97.7 was rounded to 0.1, so any
 * figure within 0.05 of it is consistent with it. Records keep numbers, not the text they were printed
 * as, so the precision is read from the number itself.
 */

/** Decimals in the shortest form of a number: 97.7 → 1, 99.79 → 2, 100 → 0. */
export function decimalsOf(value: number): number {
  const text = String(Number(value.toPrecision(12)));
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** The step a printed rate or score was rounded to: 97.7 → 0.1, 100 → 1. */
export function printedStep(value: number): number {
  return 10 ** -decimalsOf(value);
}

const FINEST_MONEY_STEP = 0.01;
/** Tables print amounts in 元 or 万元, at coarsest in whole 万元: rounder amounts are just round. */
const COARSEST_MONEY_STEP = 1e4;

/**
 * The step the amounts of one table were rounded to, in 元: a table printed in 万元 with two decimals
 * holds only multiples of 100 元. Read from all its amounts at once, since one round amount
 * (600000) says nothing about the table's precision and the finest amount says most.
 */
export function moneyStep(amounts: readonly number[]): number {
  let step = COARSEST_MONEY_STEP;
  for (const amount of amounts) {
    const cents = Math.round(Math.abs(amount) * 100);
    if (cents === 0) continue;
    let divisor = FINEST_MONEY_STEP;
    while (divisor < step && Math.round(cents / (divisor * 1000)) * (divisor * 1000) === cents) divisor *= 10;
    step = Math.min(step, divisor);
  }
  return step;
}

/** Half a step, and a hair more for binary floating point. */
export const halfStep = (step: number) => step / 2 + 1e-9;
