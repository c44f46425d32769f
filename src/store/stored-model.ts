/**
 * A stored document's model (the format-neutral document its file was read into), found by the path
 * or the URL it was stored under: what `jixiao explain` reads when the file is not on this machine (a
 * crawled report, a database shared from elsewhere).
 */
import { get, type Write } from './steps.js';

export const STORED_MODEL_SQL = {
  storedModel: `SELECT d.id, d.path, c.model_json_gzip FROM documents d JOIN document_content c ON c.document_id = d.id
     WHERE (d.path = @name OR d.url = @name) AND d.is_current = 1 ORDER BY d.id DESC LIMIT 1`,
};

export interface StoredModel {
  id: number;
  path: string;
  model_json_gzip: Uint8Array;
}

export function* storedModelWrite(name: string): Write<StoredModel | undefined> {
  return yield* get<StoredModel>('storedModel', { name });
}
