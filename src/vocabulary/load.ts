/**
 * A vocabulary file (--vocabulary FILE.yaml): words a researcher adds without a release, for a
 * template jixiao has not met. It can only add: synonyms of column roles, form-field labels, and
 * total-line words; every word is checked against the built-in ones when the file is read, so a
 * word that would make a column ambiguous is refused with the file's name, before any file is read.
 *
 *   columns:
 *     budget:
 *       spent: [实际使用金额]
 *     indicators:
 *       actual: [完成实绩]
 *   fields:
 *     department: [填报单位]
 *   totals:
 *     money: [资金合计]
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { BUDGET_ROLES, INDICATOR_ROLES } from './columns.js';
import { FORM_FIELDS } from './fields.js';
import { buildVocabulary, VocabularyError, type VocabularyAdditions } from './index.js';

const words = z.array(z.string().trim().min(1));

const VocabularyFileSchema = z
  .object({
    columns: z
      .object({ budget: z.partialRecord(z.enum(BUDGET_ROLES), words).optional(), indicators: z.partialRecord(z.enum(INDICATOR_ROLES), words).optional() })
      .strict()
      .optional(),
    fields: z.partialRecord(z.enum(FORM_FIELDS), words).optional(),
    totals: z.object({ money: words.optional(), score: words.optional() }).strict().optional(),
  })
  .strict();

/** A vocabulary file's text → the words it adds, checked; `name` names the file in an error. */
export function parseVocabularyFile(text: string, name: string): VocabularyAdditions {
  let data: unknown;
  try {
    data = parse(text) ?? {};
  } catch (error) {
    throw new VocabularyError(`${name}: not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = VocabularyFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VocabularyError(`${name}: ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  try {
    buildVocabulary(parsed.data);
  } catch (error) {
    if (error instanceof VocabularyError) throw new VocabularyError(`${name}: ${error.message}`);
    throw error;
  }
  return parsed.data;
}

export function readVocabularyFile(file: string): VocabularyAdditions {
  return parseVocabularyFile(readFileSync(file, 'utf8'), file);
}
