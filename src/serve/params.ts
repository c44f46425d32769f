/**
 * What a request may ask, checked before anything reads the database: every parameter has a rule,
 * an unknown parameter or a value outside its rule is a 400 naming it. Values reach SQL only bound.
 */
import { SECTION_TAGS } from '../parse/section-tags.js';
import { FILTERS, type Filters, type ListQuery } from '../store/desk.js';
import { KIND_LABELS } from './labels.js';

export class BadRequest extends Error {}

export const PAGE_SIZES = [20, 50, 100, 200, 500] as const;
export const DEFAULT_PAGE_SIZE = 50;
const MAX_TEXT = 200;
const MAX_PAGE = 1_000_000;

/** Free text as a filter or query: bounded, no control characters. */
function text(name: string, value: string): string {
  if ([...value].length > MAX_TEXT || /[\p{Cc}]/u.test(value)) throw new BadRequest(`参数 ${name} 不合法`);
  return value.trim();
}

function wholeNumber(name: string, value: string, max: number): number {
  if (!/^\d{1,12}$/.test(value) || Number(value) < 1 || Number(value) > max) throw new BadRequest(`参数 ${name} 应为 1 到 ${max} 的整数`);
  return Number(value);
}

/** A parameter's rule: the value it becomes, or a BadRequest. */
const RULES: Record<string, (value: string) => string | number> = {
  region: (v) => text('region', v),
  department: (v) => text('department', v),
  year: (v) => {
    if (v !== '' && !/^\d{4}$/.test(v)) throw new BadRequest('参数 year 应为四位年份');
    return v;
  },
  kind: (v) => {
    if (v !== '' && !(v in KIND_LABELS)) throw new BadRequest('参数 kind 不合法');
    return v;
  },
  sort: (v) => {
    if (!/^[a-z_]{0,40}$/.test(v)) throw new BadRequest('参数 sort 不合法');
    return v;
  },
  dir: (v) => {
    if (v !== 'asc' && v !== 'desc') throw new BadRequest('参数 dir 应为 asc 或 desc');
    return v;
  },
  page: (v) => wholeNumber('page', v, MAX_PAGE),
  size: (v) => {
    const n = wholeNumber('size', v, Math.max(...PAGE_SIZES));
    if (!(PAGE_SIZES as readonly number[]).includes(n)) throw new BadRequest(`参数 size 应为 ${PAGE_SIZES.join('、')} 之一`);
    return n;
  },
  q: (v) => text('q', v),
  section: (v) => {
    if (v !== '' && !(SECTION_TAGS as readonly string[]).includes(v)) throw new BadRequest('参数 section 不合法');
    return v;
  },
  name: (v) => text('name', v),
};

/** The parameters of a request, each checked; only `allowed` ones may appear, each at most once. */
export function readParams(search: URLSearchParams, allowed: readonly string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of search) {
    if (!allowed.includes(key) || !(key in RULES)) throw new BadRequest(`未知参数 ${key.slice(0, 40)}`);
    if (key in out) throw new BadRequest(`参数 ${key} 重复`);
    out[key] = RULES[key](value);
  }
  return out;
}

export const LIST_PARAMS = [...FILTERS, 'sort', 'dir', 'page', 'size'] as const;

/** A list's query from its checked parameters. */
export function listQuery(params: Record<string, string | number>): ListQuery {
  const filters: Filters = {};
  for (const f of FILTERS) if (params[f] !== undefined && params[f] !== '') filters[f] = String(params[f]);
  return {
    filters,
    sort: params.sort ? String(params.sort) : undefined,
    descending: params.dir === 'desc',
    page: Number(params.page ?? 1),
    pageSize: Number(params.size ?? DEFAULT_PAGE_SIZE),
  };
}

/** A whole number from the address (an id), or a BadRequest. */
export function idOf(value: string): number {
  return wholeNumber('id', value, Number.MAX_SAFE_INTEGER);
}
