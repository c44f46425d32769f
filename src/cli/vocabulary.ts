/** --vocabulary FILE.yaml: read and checked once, in the command's thread, before any report is read. */
import { readVocabularyFile } from '../vocabulary/load.js';
import type { VocabularyAdditions } from '../vocabulary/index.js';

export interface VocabularyOption {
  /** A vocabulary file: synonyms and labels to add to the built-in ones. */
  vocabulary?: string;
}

export function vocabularyAdditions(options: VocabularyOption): VocabularyAdditions | undefined {
  return options.vocabulary ? readVocabularyFile(options.vocabulary) : undefined;
}
