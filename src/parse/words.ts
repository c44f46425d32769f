/** Word lists of the vocabulary as regular expressions. */
import type { Vocabulary } from '../vocabulary/index.js';

/** A word as a pattern that matches just it (部门(单位)名称 with its brackets literal). */
export function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An alternation of the words, to put inside a group: 通报|通知|…. */
export function anyOf(words: readonly string[]): string {
  return words.map(escapeRegExp).join('|');
}

/**
 * A compile step run once per vocabulary: patterns built from a vocabulary's words, kept while the
 * vocabulary lives (a file's additions make another vocabulary, with patterns of its own).
 */
export function perVocabulary<T>(compile: (vocabulary: Vocabulary) => T): (vocabulary: Vocabulary) => T {
  const compiled = new WeakMap<Vocabulary, T>();
  return (vocabulary) => {
    let patterns = compiled.get(vocabulary);
    if (patterns === undefined) compiled.set(vocabulary, (patterns = compile(vocabulary)));
    return patterns;
  };
}
