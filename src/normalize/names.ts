/** Names (indicators, budget lines, groups) cleaned the same way everywhere (spec "Column roles"). */

const LEADING_SUBTOTAL = /^其中\s*[:：]\s*/;
const TRAILING_COLON = /\s*[:：]\s*$/;
/** A budget-system code before the name: 219-池州市…, 51000021R000000019951-工资性支出. Not 2021-2022年…. */
const LEADING_CODE = /^(?=[0-9A-Za-z]*\d{2})[0-9A-Za-z]+\s*[-－—]+\s*(?=[^\d\s])/;
/** A score quota in a section label: 产出指标(50分). */
const SCORE_QUOTA = /\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$/;

export function cleanName(name: string | null): string | null {
  if (name === null) return null;
  const cleaned = name
    .trim()
    .replace(LEADING_SUBTOTAL, '')
    .replace(LEADING_CODE, '')
    .replace(SCORE_QUOTA, '')
    .replace(TRAILING_COLON, '')
    .trim();
  return cleaned || null;
}
