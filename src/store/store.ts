/**
 * The store as ingest, search and export use it, whichever database holds it: a SQLite file (the
 * default, embedded, zero-setup) or a PostgreSQL server, named by a postgres:// address, that several
 * ingest processes on several machines can share (docs/postgresql.md). The interface is asynchronous,
 * as PostgreSQL answers over the network; SQLite's synchronous calls sit behind it unchanged.
 */
import type { Format } from '../extract/model.js';
import { openStore, type Store } from './db.js';
import { bundleRelations, relationRows, type RelationShape, type RowBatches } from './export.js';
import { isPostgresLocation } from './location.js';
import { exportRelation, REPROCESS_SQL, search, type ExportFormat, type SearchOptions, type SearchResult } from './read.js';
import {
  recordCopy,
  replaceContent,
  runWrite,
  storedContent,
  storeFile,
  type FileResult,
  type ReadDocument,
  type StoredContent,
  type StoreOutcome,
  type UnreadDocument,
  type Write,
  WRITE_SQL,
} from './write.js';
import { runStepsOnSqlite } from './steps.js';

/** A stored document as a re-run (--reprocess) reads it again. */
export interface StoredDocument {
  id: number;
  path: string;
  sha256: string;
  size_bytes: number;
  format: Format | null;
  model_json_gzip: Uint8Array | null;
}

export interface DocumentStore {
  /** The database as the user named it (a file, or a postgres:// address without its password). */
  readonly name: string;
  storedContent(sha256: string): Promise<StoredContent | null>;
  recordCopy(documentId: number, path: string): Promise<void>;
  storeFile(file: FileResult, extractorVersion: string): Promise<StoreOutcome>;
  replaceContent(documentId: number, outcome: ReadDocument | UnreadDocument, extractorVersion: string): Promise<void>;
  /** Every current document with its stored model, by id. */
  currentDocuments(): Promise<StoredDocument[]>;
  /** Documents stored since a moment (what an interrupted batch managed). */
  storedSince(moment: Date): Promise<number>;
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  exportRelation(name: string, format: ExportFormat, write: (chunk: string) => void): Promise<number>;
  /** Every table and view an export of the whole store holds, with its columns and keys: the same list from both stores (export.ts). */
  relations(): Promise<RelationShape[]>;
  /** A relation's rows in export order (the same in both stores), a batch at a time. */
  relationRows(relation: RelationShape): RowBatches;
  /**
   * Run a write given as steps (steps.ts; statements from WRITE_SQL) in one transaction: on PostgreSQL
   * after taking the advisory locks named by `locks`, in their order (writers meeting on the same keys
   * take turns). The crawl writes its queue and the documents it stores this way.
   */
  transact<T>(write: () => Write<T>, locks?: string[]): Promise<T>;
  /** Run reads given as steps, outside any write transaction. */
  read<T>(steps: () => Write<T>): Promise<T>;
  close(): Promise<void>;
}

/** The SQLite store behind the asynchronous interface: each call runs at once, in one transaction as before. */
export class SqliteDocumentStore implements DocumentStore {
  readonly name: string;
  constructor(readonly db: Store) {
    this.name = db.name;
  }

  async storedContent(sha256: string) {
    return storedContent(this.db, sha256);
  }
  async recordCopy(documentId: number, path: string) {
    recordCopy(this.db, documentId, path);
  }
  async storeFile(file: FileResult, extractorVersion: string) {
    return storeFile(this.db, file, extractorVersion);
  }
  async replaceContent(documentId: number, outcome: ReadDocument | UnreadDocument, extractorVersion: string) {
    replaceContent(this.db, documentId, outcome, extractorVersion);
  }
  async currentDocuments() {
    return this.db.prepare<[], StoredDocument>(REPROCESS_SQL).all();
  }
  async storedSince(moment: Date) {
    return this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM documents WHERE ingested_at >= ?').get(moment.toISOString())?.n ?? 0;
  }
  async search(query: string, options?: SearchOptions) {
    return search(this.db, query, options);
  }
  async exportRelation(name: string, format: ExportFormat, write: (chunk: string) => void) {
    return exportRelation(this.db, name, format, write);
  }
  async relations() {
    return bundleRelations(this.db);
  }
  relationRows(relation: RelationShape) {
    return relationRows(this.db, relation);
  }
  async transact<T>(write: () => Write<T>) {
    return runWrite(this.db, write);
  }
  async read<T>(steps: () => Write<T>) {
    return runStepsOnSqlite(this.db, WRITE_SQL, steps());
  }
  async close() {
    this.db.close();
  }
}

/** Open the store a --db names: a postgres:// address, else a SQLite file. */
export async function openDocumentStore(location: string, { readonly = false } = {}): Promise<DocumentStore> {
  if (isPostgresLocation(location)) {
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(location, { readonly });
  }
  return new SqliteDocumentStore(openStore(location, { readonly }));
}

/** The store a batch (ingest, crawl) writes to: a test's own SQLite opening, else the one `database` names. */
export function storeFor({ database, openStore: open }: { database: string; openStore?: (file: string) => Store }): Promise<DocumentStore> {
  return open ? Promise.resolve(new SqliteDocumentStore(open(database))) : openDocumentStore(database);
}
