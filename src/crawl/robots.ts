/**
 * robots.txt, read with robots-parser (RFC 9309 matching: longest rule wins, `*` and `$` wildcards).
 * What an answer means follows RFC 9309 §2.3.1: a 4xx means no rules; a 5xx or no answer at all means
 * the whole site is off limits for now, because a crawler cannot tell what it was asked not to fetch.
 */
import robotsParserModule from 'robots-parser';

// The package is CommonJS (`module.exports = fn`) while its types declare `export default fn`, which
// NodeNext reads as `module.exports.default`: the import is the function itself.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

export interface RobotsRules {
  allows(url: string): boolean;
  /** Seconds between requests the site asks for (Crawl-delay), if it asks. */
  crawlDelaySeconds: number | undefined;
  /** Why everything is refused, when robots.txt could not be read. */
  unavailable?: string;
}

/** The product token matched against `User-agent:` lines. */
export const ROBOTS_AGENT = 'jixiao';

export function robotsUrlOf(url: string): string {
  return new URL('/robots.txt', url).href;
}

export function parseRobots(robotsUrl: string, text: string): RobotsRules {
  const robots = robotsParser(robotsUrl, text);
  return {
    // robots-parser answers undefined for another host's URL: never ours to fetch under these rules.
    allows: (url) => robots.isAllowed(url, ROBOTS_AGENT) ?? false,
    crawlDelaySeconds: robots.getCrawlDelay(ROBOTS_AGENT),
  };
}

export const ALLOW_ALL: RobotsRules = { allows: () => true, crawlDelaySeconds: undefined };

export function disallowAll(reason: string): RobotsRules {
  return { allows: () => false, crawlDelaySeconds: undefined, unavailable: reason };
}

/** What a request for robots.txt got: the server's status and text, or why there was no answer. */
export type RobotsAnswer = { status: number; text: string } | { failure: string };

/** The rules an answer to a robots.txt request gives: its text on 2xx, none on 4xx, everything refused otherwise. */
export function robotsFromAnswer(robotsUrl: string, answer: RobotsAnswer): RobotsRules {
  if ('failure' in answer) return disallowAll(`robots.txt could not be read: ${answer.failure}`);
  if (answer.status >= 200 && answer.status < 300) return parseRobots(robotsUrl, answer.text);
  if (answer.status >= 400 && answer.status < 500) return ALLOW_ALL;
  return disallowAll(`robots.txt answered HTTP ${answer.status}`);
}
