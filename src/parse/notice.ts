/**
 * Notices are not reports (spec "Pages from the open web"): a page announcing evaluation results or
 * evaluation work (评价结果的通报, 结果公开, 关于开展…绩效评价的通知, 管理办法) states no report of its own.
 * Its year is the fiscal year it says was evaluated (对2023年度…开展了绩效自评), else its title's.
 */
import { DEFAULT_VOCABULARY, type Vocabulary } from '../vocabulary/index.js';
import { EVALUATION_NOUNS, EVALUATION_VERBS } from '../vocabulary/report.js';
import { compact } from './text.js';
import { anyOf, perVocabulary } from './words.js';

const patternsOf = perVocabulary(({ notices }) => ({
  ending: new RegExp(`(?:${anyOf(notices.genres)})$`),
  publishingEnding: new RegExp(`(?:${anyOf(notices.publishing)})$`),
  /** What a notice that publishes a report (公示, 公告) names: then the page is that report. */
  namesAReport: new RegExp(anyOf(notices.publishedReports)),
  results: new RegExp(anyOf(notices.results)),
  bodyPhrase: new RegExp(anyOf(notices.bodyPhrases)),
}));
/** A note in brackets after a title: （2024年第1号）, (试行). */
const TRAILING_NOTE = /[(（][^()（）]*[)）]$/;
/** A notice's salutation on a line of its own: 各有关单位：, 各苏木、镇人民政府，旗级预算部门：. */
const SALUTATION = /^各[^。；;]{1,60}[:：]$/;
const EVALUATED_YEAR = new RegExp(
  `对[^。；;]{0,20}?((?:19|20)\\d{2})年度?[^。；;]{0,40}?(?:${anyOf(EVALUATION_VERBS)})了?[^。；;]{0,12}?(?:${anyOf(EVALUATION_NOUNS)})`,
);

/** A document named in book marks (《…》) is cited, not the page's own. */
export function withoutCitations(text: string): string {
  return text.replace(/《[^》]*》/g, '');
}

/** Does a title name a notice (results notice, evaluation-work notice, measures issued) rather than a report? */
export function isNoticeTitle(title: string, vocabulary: Vocabulary = DEFAULT_VOCABULARY): boolean {
  const own = withoutCitations(compact(title)).replace(TRAILING_NOTE, '');
  const { results, ending, publishingEnding, namesAReport } = patternsOf(vocabulary);
  if (results.test(own)) return true;
  return ending.test(own) && !(publishingEnding.test(own) && namesAReport.test(own));
}

/** Does a page with no title read as a notice: a salutation line, or a phrase only notices say? */
export function isNoticeBody(lines: readonly string[], vocabulary: Vocabulary = DEFAULT_VOCABULARY): boolean {
  const { bodyPhrase } = patternsOf(vocabulary);
  return lines.some((line) => SALUTATION.test(line)) || lines.some((line) => bodyPhrase.test(line));
}

/** A fiscal year (年度, not a bare 年 that may be the year of the work) next to an evaluation: 上报2023年度支出项目绩效自评. */
const FISCAL_YEAR_EVALUATED = new RegExp(`((?:19|20)\\d{2})年度[^。；;，,]{0,20}?(?:${anyOf(EVALUATION_NOUNS)})`);

/**
 * The fiscal year a notice says was evaluated, in compacted body text, cited documents' years left out:
 * the sentence that says so (对2023年度…开展了绩效自评), else a fiscal year next to an evaluation.
 */
export function evaluatedYear(body: string): number | null {
  const own = withoutCitations(body);
  const m = EVALUATED_YEAR.exec(own) ?? FISCAL_YEAR_EVALUATED.exec(own);
  return m ? Number(m[1]) : null;
}
