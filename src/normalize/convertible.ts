/**
 * Whether opencc's Traditional → Simplified conversion could change a text at all. Building its
 * converter (a trie of 100 KB of dictionaries) costs a cold reading thread 0.1–0.3 s, and almost
 * every report is in Simplified characters already. A dictionary entry only changes text holding a
 * character it changes, so a text with none of them converts to itself. The characters are listed
 * in convertible-chars.ts, written from the installed opencc-js by scripts/convertible-chars.ts (a
 * test checks that they still match).
 */
import { CONVERTIBLE_CHARACTERS } from './convertible-chars.js';

const CONVERTIBLE = new RegExp(`[${CONVERTIBLE_CHARACTERS}]`, 'u');

export const mayConvert = (text: string): boolean => CONVERTIBLE.test(text);
