/** Word lists of the vocabulary as regular expressions. */

/** A word as a pattern that matches just it (部门(单位)名称 with its brackets literal). */
export function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An alternation of the words, to put inside a group: 通报|通知|…. */
export function anyOf(words: readonly string[]): string {
  return words.map(escapeRegExp).join('|');
}
