/**
 * The usual sections of a report's narrative, as tagged in `sections`. A module of its own, with no
 * imports, so the command line can offer them as choices without loading the parser.
 */
export const SECTION_TAGS = ['基本情况', '绩效目标', '自评结论', '存在问题', '改进措施', '结果应用'] as const;
