/**
 * What a reading is told: kept apart from the readers so the commands that only pass options on to
 * a reading thread (extract, ingest, crawl) do not load any reader themselves.
 */
import type { VocabularyAdditions } from '../vocabulary/index.js';
import { DEFAULT_UNPACK_LIMITS, type UnpackLimits } from './unpack/limits.js';

export interface ExtractOptions {
  limits: UnpackLimits;
  /** Read pages that are only images with OCR (the default); false: a scanned file is an error. */
  ocr?: boolean;
  /** Words a vocabulary file adds (--vocabulary), for parsing what was read. */
  vocabulary?: VocabularyAdditions;
}

export const DEFAULT_EXTRACT_OPTIONS: ExtractOptions = { limits: DEFAULT_UNPACK_LIMITS };
