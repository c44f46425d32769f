/**
 * Names (indicators, budget lines, groups, and the report's department and project) cleaned the same
 * way everywhere (spec "Column roles"). Parse cleans report fields with it before reading a region from
 * them; normalize cleans row names.
 */
import { SCORE_QUOTA } from '../vocabulary/quotas.js';

const LEADING_SUBTOTAL = /^其中\s*[:：]\s*/;
const TRAILING_COLON = /\s*[:：]\s*$/;
/**
 * A budget-system code before the name: 219-池州市…, 51000021R000000019951-工资性支出, and a long code
 * before a name that starts with a year (51092324T000010263357-2023年…项目). A short number before a
 * number is a range, not a code: 2021-2022年….
 */
const LEADING_CODE = /^(?=[0-9A-Za-z]*\d{2})(?:[0-9A-Za-z]{6,}|[0-9A-Za-z]+(?=\s*[-－—]+\s*[^\d\s]))\s*[-－—]+\s*/;

export function cleanName(name: string | null): string | null {
  if (name === null) return null;
  const cleaned = name
    .trim()
    .replace(LEADING_SUBTOTAL, '')
    .replace(LEADING_CODE, '')
    // A score quota in a section label: 产出指标(50分).
    .replace(SCORE_QUOTA, '')
    .replace(TRAILING_COLON, '')
    .trim();
  return cleaned || null;
}
