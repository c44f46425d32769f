/**
 * The vocabulary: everything jixiao knows about the words of templates, as data in one place that
 * parse, normalize and check read. It is assembled here from its parts (columns, form fields, total
 * words; units and cell marks are read directly, since no file may change them) and checked when
 * built: no two roles of one kind of table, and no two form fields, may claim one word. A
 * vocabulary file (--vocabulary FILE.yaml, see load.ts) adds words to a built vocabulary. The words
 * of report metadata (report.ts) join the same way: title and kind words, notice words, furniture and
 * cover labels; a title genre names a report or a notice, never both, and a page label is furniture
 * or a cover's (or a form's), never both.
 *
 * A part that is a set of labels (a `Record<group, words[]>`, such as the form fields) joins in
 * three lines: its additions in VocabularyAdditions (and the file's schema in load.ts), mergeWords
 * for the built-in words plus the added ones, and keyedIndex for a lookup that refuses a label two
 * groups claim.
 */
import { headerKey } from '../parse/text.js';
import { BUDGET_COLUMNS, INDICATOR_COLUMNS, type BudgetRole, type ColumnRule, type IndicatorRole } from './columns.js';
import { FORM_FIELD_LABELS, type FormField } from './fields.js';
import { COVER_LABELS, EXCLUSIVE_KIND_GROUPS, FURNITURE_WORDS, KIND_TITLE_WORDS, NOTICE_WORDS, TITLE_WORDS } from './report.js';
import { TOTAL_WORDS } from './totals.js';

export type TotalKind = keyof typeof TOTAL_WORDS;

/** Words a vocabulary file adds, by what they name. */
export interface VocabularyAdditions {
  columns?: {
    budget?: Partial<Record<BudgetRole, readonly string[]>>;
    indicators?: Partial<Record<IndicatorRole, readonly string[]>>;
  };
  fields?: Partial<Record<FormField, readonly string[]>>;
  totals?: Partial<Record<TotalKind, readonly string[]>>;
  kinds?: AddedWords<typeof KIND_TITLE_WORDS>;
  titles?: AddedWords<typeof TITLE_WORDS>;
  notices?: AddedWords<typeof NOTICE_WORDS>;
  furniture?: AddedWords<typeof FURNITURE_WORDS>;
  cover?: AddedWords<typeof COVER_LABELS>;
}

/** Words a file adds to some of the groups of a record of word lists. */
type AddedWords<T> = Partial<Record<keyof T, readonly string[]>>;
/** The groups of a record of word lists, built-in words and added ones. */
type WordGroups<T> = Readonly<Record<keyof T, readonly string[]>>;

/** How a header key was matched to its role: by a synonym (as keyed) or by a rule's pattern. */
export interface RoleMatch<R extends string> {
  role: R;
  synonym: string | null;
  pattern: RegExp | null;
}

export interface Vocabulary {
  budgetColumns: readonly ColumnRule<BudgetRole>[];
  indicatorColumns: readonly ColumnRule<IndicatorRole>[];
  formFields: Readonly<Record<FormField, readonly string[]>>;
  totals: Readonly<Record<TotalKind, readonly string[]>>;
  /** Words of a title that tell the report's kind, in the order they are tried. */
  kinds: WordGroups<typeof KIND_TITLE_WORDS>;
  titles: WordGroups<typeof TITLE_WORDS>;
  /** Notice words; the genres include the publishing genres. */
  notices: WordGroups<typeof NOTICE_WORDS>;
  /** Furniture words; the labels include the publisher labels. */
  furniture: WordGroups<typeof FURNITURE_WORDS>;
  cover: WordGroups<typeof COVER_LABELS>;
  /** A header key (headerKey of a cell) → the budget role it names. */
  budgetRoleOf(key: string): RoleMatch<BudgetRole> | null;
  indicatorRoleOf(key: string): RoleMatch<IndicatorRole> | null;
  /** A label key → the form field it labels. */
  fieldOf(key: string): FormField | null;
  /** Is the text (a row's first key, a line's name) one of the total words of this kind? */
  isTotal(kind: TotalKind, text: string): boolean;
}

/** A vocabulary that does not hold together: the message names the word and what claims it. */
export class VocabularyError extends Error {}

/** Each word keyed once; a key two groups claim is an error. */
export function keyedIndex<G extends string>(what: string, groups: readonly (readonly [G, readonly string[]])[]): Map<string, G> {
  const index = new Map<string, G>();
  for (const [group, words] of groups) {
    for (const word of words) {
      const key = headerKey(word);
      if (!key) throw new VocabularyError(`${what}: "${word}" is empty once brackets and spaces are dropped`);
      const claimed = index.get(key);
      if (claimed !== undefined && claimed !== group) throw new VocabularyError(`${what}: "${word}" would name both ${claimed} and ${group}`);
      index.set(key, group);
    }
  }
  return index;
}

function withAdded<R extends string>(rules: readonly ColumnRule<R>[], added: Partial<Record<R, readonly string[]>> = {}): ColumnRule<R>[] {
  const known = new Set(rules.map((rule) => rule.role));
  const unknown = Object.keys(added).filter((role) => !known.has(role as R));
  if (unknown.length) throw new VocabularyError(`no column role ${unknown.join(', ')} (roles: ${[...known].join(', ')})`);
  return rules.map((rule) => ({ ...rule, synonyms: [...rule.synonyms, ...(added[rule.role] ?? [])] }));
}

function roleLookup<R extends string>(what: string, rules: readonly ColumnRule<R>[]): (key: string) => RoleMatch<R> | null {
  const exact = keyedIndex(
    what,
    rules.map((rule) => [rule.role, rule.synonyms] as const),
  );
  return (key) => {
    if (!key) return null;
    const role = exact.get(key);
    if (role !== undefined) return { role, synonym: key, pattern: null };
    const rule = rules.find((r) => r.pattern?.test(key));
    return rule ? { role: rule.role, synonym: null, pattern: rule.pattern! } : null;
  };
}

/** Built-in words with a file's additions, group by group; a group the built-in words lack is an error. */
export function mergeWords<K extends string>(
  base: Readonly<Record<K, readonly string[]>>,
  added: Partial<Record<K, readonly string[]>> = {},
  what: string,
): Record<K, string[]> {
  const unknown = Object.keys(added).filter((k) => !(k in base));
  if (unknown.length) throw new VocabularyError(`no ${what} ${unknown.join(', ')} (known: ${Object.keys(base).join(', ')})`);
  const merged = {} as Record<K, string[]>;
  for (const k of Object.keys(base) as K[]) merged[k] = [...base[k], ...(added[k] ?? [])];
  return merged;
}

/** The words of `a`, then those of `b` it lacks. */
function union(a: readonly string[], b: readonly string[]): string[] {
  return [...a, ...b.filter((word) => !a.includes(word))];
}

/** The report-metadata side of a vocabulary: merged, and checked where groups must not share a word. */
function reportWords(additions: VocabularyAdditions, formFields: Readonly<Record<FormField, readonly string[]>>) {
  const kinds = mergeWords(KIND_TITLE_WORDS, additions.kinds, 'kind word group');
  const titles = mergeWords(TITLE_WORDS, additions.titles, 'title word group');
  const notices = mergeWords(NOTICE_WORDS, additions.notices, 'notice word group');
  notices.genres = union(notices.genres, notices.publishing);
  const furniture = mergeWords(FURNITURE_WORDS, additions.furniture, 'furniture word group');
  furniture.labels = union(furniture.labels, furniture.publishers);
  const cover = mergeWords(COVER_LABELS, additions.cover, 'cover label group');
  keyedIndex(
    'kind words',
    EXCLUSIVE_KIND_GROUPS.map((group) => [group, kinds[group]] as const),
  );
  keyedIndex('title genre words', [
    ['report genre', titles.genre],
    ['notice genre', notices.genres],
  ] as const);
  const coverOrForm = [...cover.department, ...cover.following, ...Object.values(formFields).flat()];
  keyedIndex('page labels', [
    ['furniture label', furniture.labels],
    ['cover or form label', coverOrForm],
  ] as const);
  return { kinds, titles, notices, furniture, cover };
}

/** The built-in vocabulary with a file's additions, checked. */
export function buildVocabulary(additions: VocabularyAdditions = {}): Vocabulary {
  const budgetColumns = withAdded(BUDGET_COLUMNS, additions.columns?.budget);
  const indicatorColumns = withAdded(INDICATOR_COLUMNS, additions.columns?.indicators);
  const formFields = mergeWords(FORM_FIELD_LABELS, additions.fields, 'form field');
  const totals = mergeWords(TOTAL_WORDS, additions.totals, 'kind of total');
  const fields = keyedIndex('form field labels', Object.entries(formFields) as [FormField, string[]][]);
  const totalSets = { money: new Set(totals.money), score: new Set(totals.score) };
  return {
    budgetColumns,
    indicatorColumns,
    formFields,
    totals,
    ...reportWords(additions, formFields),
    budgetRoleOf: roleLookup('budget columns', budgetColumns),
    indicatorRoleOf: roleLookup('indicator columns', indicatorColumns),
    fieldOf: (key) => fields.get(key) ?? null,
    isTotal: (kind, text) => totalSets[kind].has(text),
  };
}

export const DEFAULT_VOCABULARY = buildVocabulary();

const built = new Map<string, Vocabulary>();

/**
 * The vocabulary with these additions, built once per thread: a reading thread is handed the
 * additions (plain data) with every file, and builds them on the first.
 */
export function vocabularyWith(additions: VocabularyAdditions | undefined): Vocabulary {
  if (!additions) return DEFAULT_VOCABULARY;
  const key = JSON.stringify(additions);
  let vocabulary = built.get(key);
  if (!vocabulary) built.set(key, (vocabulary = buildVocabulary(additions)));
  return vocabulary;
}

export * from './columns.js';
export * from './fields.js';
