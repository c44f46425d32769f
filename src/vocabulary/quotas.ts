/**
 * Marks inside cells that are not content: a score quota after a label, a placeholder standing for
 * "nothing", and the words a split target's side columns print when they state nothing.
 */

/** A score quota at the end of a label, 相关性（5分）: its points are the first group. */
export const SCORE_QUOTA = /\s*[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$/;

/** A cell that states nothing: empty, or only placeholder marks such as / — －. */
export const PLACEHOLDER = /^[\/\\\-—–－_~～·…、.。,，]*$/;

/**
 * 无 in a split target's 指标性质 or 度量单位 column means "none"; 定量/定性 in 指标性质 says what kind
 * of indicator it is, not how to compare (the comparator, if any, is then in the value itself).
 */
export const NOT_A_TARGET_PART = /^(无|定量|定性)(指标)?$/;
