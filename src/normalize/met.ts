/** Whether an actual value satisfies its target (spec "met"), or null where that cannot be told. */
import type { Value } from './schema.js';

/** 人次 counts as 人 and 场次 as 场: a trailing 次 does not change what is counted. */
function comparableUnit(unit: string | null): string {
  return (unit ?? '').replace(/次$/, '');
}

/** A number that stands for a value: itself, or the bound of a range or comparator. */
function representative(value: Value): number | null {
  if (value.op === 'text') return null;
  return value.op === 'between' ? value.low : value.value;
}

export function isMet(target: Value | null, actual: Value | null): boolean | null {
  if (!target || !actual) return null;
  if (target.op === 'text' || actual.op === 'text') {
    return target.op === 'text' && actual.op === 'text' && target.text === actual.text ? true : null;
  }
  if (comparableUnit(target.unit) !== comparableUnit(actual.unit)) return null;
  const got = representative(actual);
  if (got === null) return null;
  switch (target.op) {
    case '=':
    case '>=':
      return got >= target.value;
    case 'between':
      return got >= target.low;
    case '>':
      return got > target.value;
    case '<=':
      return (actual.op === 'between' ? actual.high : got) <= target.value;
    case '<':
      return (actual.op === 'between' ? actual.high : got) < target.value;
  }
}
