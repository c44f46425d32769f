/**
 * HTML text → the elements and text of the page's reading, as events, with the page's chrome left out.
 *
 * htmlparser2's Parser reports tags and text as it tokenizes, closing what HTML leaves open (p, td,
 * tr …) exactly as its tree builder would; nothing here keeps a tree, so a page costs memory for the
 * text kept, not for its elements. What a tree would have to be searched for is decided as the
 * events pass: chrome is skipped whole, the first <body> (if any) is where the reading starts over,
 * and whether a paragraph is bold throughout is known when it closes.
 */
import { Parser } from 'htmlparser2';

/** Elements never part of a report, dropped with everything inside. */
const DROPPED_TAGS = new Set(['script', 'style', 'noscript', 'iframe', 'nav', 'header', 'footer', 'form', 'button', 'select', 'input', 'textarea', 'object']);
/** class/id words that mark page chrome on government sites. */
const CHROME_NAME =
  /(^|[-_\s])(header|footer|nav|navbar|menu|breadcrumbs?|crumbs?|position|location|share|sidebar|copyright|toolbar|topbar|banner|links?)([-_\s]|$)/i;
const BOLD_TAGS = new Set(['strong', 'b']);
const WHITE_SPACE = /[\s\u00a0\u3000]+/g;
const VISIBLE = /[^\s\u00a0\u3000]/;

export type Attributes = Record<string, string>;

/** What the reading of a page is told, in document order; every open has its close. */
export interface PageEvents {
  open(name: string, attributes: Attributes): void;
  text(data: string): void;
  /** `boldThroughout`: a <p> whose whole text is inside <strong> or <b> (never for other elements). */
  close(name: string, boldThroughout: boolean): void;
}

export function squeeze(text: string): string {
  return text.replace(WHITE_SPACE, ' ').trim();
}

function isChrome(name: string, attributes: Attributes): boolean {
  if (DROPPED_TAGS.has(name)) return true;
  if (attributes.class === undefined && attributes.id === undefined) return false;
  return CHROME_NAME.test(`${attributes.class ?? ''} ${attributes.id ?? ''}`);
}

/**
 * The text of an open <p>, whole and in bold, while it may still be bold throughout: text outside
 * bold that shows anything settles it, and both are let go.
 */
class ParagraphBoldness {
  private all = '';
  private bold = '';
  possible = true;
  constructor(readonly boldOpenBefore: number) {}
  add(data: string, inBold: boolean): void {
    if (!this.possible) return;
    if (!inBold && VISIBLE.test(data)) {
      this.possible = false;
      this.all = this.bold = '';
      return;
    }
    this.all += data;
    if (inBold) this.bold += data;
  }
  boldThroughout(): boolean {
    const text = squeeze(this.all);
    return this.possible && text !== '' && squeeze(this.bold) === text;
  }
}

/** The first <title> whose parent is <head>: read before chrome is dropped, as the page declares it. */
class DeclaredTitle {
  private depth = 0;
  private done = false;
  private text = '';
  open(name: string, parent: string | undefined): void {
    if (this.depth > 0) this.depth += 1;
    else if (!this.done && name === 'title' && parent === 'head') {
      this.depth = 1;
      this.done = true;
    }
  }
  close(): void {
    if (this.depth > 0) this.depth -= 1;
  }
  add(data: string): void {
    if (this.depth > 0) this.text += data;
  }
  value(): string | null {
    return squeeze(this.text) || null;
  }
}

interface KeptElement {
  name: string;
  paragraph: ParagraphBoldness | null;
}

/**
 * The parser's events → the reading's: chrome skipped whole, the reading started over at the first
 * <body> and ended with it, and each paragraph's boldness settled by the time it closes.
 */
class PageFilter<R extends PageEvents> {
  reading: R;
  readonly title = new DeclaredTitle();
  /** Every open element, chrome included: a <title>'s parent is looked up before chrome is dropped. */
  private readonly openNames: string[] = [];
  private readonly kept: KeptElement[] = [];
  /** Open paragraphs that may still be bold throughout, outermost first. */
  private paragraphs: ParagraphBoldness[] = [];
  private skipDepth = 0;
  private boldOpen = 0;
  private body: 'before' | 'inside' | 'after' = 'before';
  private bodyDepth = 0;

  constructor(private readonly startReading: () => R) {
    this.reading = startReading();
  }

  onopentag(name: string, attributes: Attributes): void {
    this.title.open(name, this.openNames.at(-1));
    this.openNames.push(name);
    if (this.skipDepth > 0) this.skipDepth += 1;
    else if (this.body === 'after') return;
    else if (isChrome(name, attributes)) this.skipDepth = 1;
    else this.keep(name, attributes);
  }

  private keep(name: string, attributes: Attributes): void {
    if (name === 'body' && this.body === 'before') {
      this.reading = this.startReading();
      this.body = 'inside';
      this.bodyDepth = this.kept.length + 1;
    }
    const paragraph = name === 'p' ? new ParagraphBoldness(this.boldOpen) : null;
    if (paragraph) this.paragraphs.push(paragraph);
    if (BOLD_TAGS.has(name)) this.boldOpen += 1;
    this.kept.push({ name, paragraph });
    this.reading.open(name, attributes);
  }

  ontext(data: string): void {
    this.title.add(data);
    if (this.skipDepth > 0 || this.body === 'after') return;
    for (const paragraph of this.paragraphs) paragraph.add(data, this.boldOpen > paragraph.boldOpenBefore);
    if (this.paragraphs.some((paragraph) => !paragraph.possible)) this.paragraphs = this.paragraphs.filter((paragraph) => paragraph.possible);
    this.reading.text(data);
  }

  onclosetag(): void {
    this.title.close();
    this.openNames.pop();
    if (this.skipDepth > 0) this.skipDepth -= 1;
    else if (this.body !== 'after') {
      const closing = this.kept.length;
      const { name, paragraph } = this.kept.pop()!;
      if (BOLD_TAGS.has(name)) this.boldOpen -= 1;
      if (paragraph && this.paragraphs.at(-1) === paragraph) this.paragraphs.pop();
      this.reading.close(name, paragraph?.boldThroughout() ?? false);
      if (this.body === 'inside' && closing === this.bodyDepth) this.body = 'after';
    }
  }
}

/**
 * Streams `html` into the reading that `startReading` makes: one at the start, and a fresh one when
 * the first <body> opens (what came before it is not read; nor is anything after it closes). Returns
 * the declared title and the reading the page ended with.
 */
export function streamPage<R extends PageEvents>(html: string, startReading: () => R): { declaredTitle: string | null; reading: R } {
  const filter = new PageFilter(startReading);
  new Parser(filter, { xmlMode: false, decodeEntities: true }).end(html);
  return { declaredTitle: filter.title.value(), reading: filter.reading };
}
