/**
 * What a consistency check reports: a named rule that a report's own figures break, with the figure
 * the report states and the one computed from its other figures.
 */
import { z } from 'zod';

export const CHECK_NAMES = [
  'execution_rate',
  'budget_total',
  'score_over_weight',
  'full_score_unmet',
  'self_score_total',
  'weights_total',
  'grade_band',
] as const;
export const CheckNameSchema = z.enum(CHECK_NAMES);
export type CheckName = z.infer<typeof CheckNameSchema>;

export const CheckSchema = z.object({
  check: CheckNameSchema,
  /** What was checked: a line and column, an indicator, a section, the report's score. */
  subject: z.string(),
  /** The project form the subject is printed in (项目名称), or null for the report's own tables. */
  project: z.string().nullable(),
  stated: z.number().nullable(),
  computed: z.number().nullable(),
  /** The figures behind the verdict, in words. */
  detail: z.string(),
  page: z.number().int().nullable(),
});
export type Check = z.infer<typeof CheckSchema>;
