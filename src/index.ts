/**
 * jixiao as a library: what the commands are built on, for programs that read reports themselves.
 *
 *   import { extractReport, openStore, search } from 'jixiao';
 *
 * Reading one file runs in the calling thread (no per-file limits: `ingest` and the CLI read in
 * worker threads for those). The record types come from the zod schemas in src/normalize/schema.ts.
 */
export { extractReport, type Extraction } from './pipeline.js';
export { ingest, workerRunner, defaultJobs, type IngestOptions, type IngestSummary, type Runner } from './ingest/run.js';
export { crawl, type CrawlOptions } from './crawl/run.js';
export { planFromUrls, planFromSitesFile, type CrawlPlan } from './crawl/plan.js';
export { openStore, DEFAULT_DATABASE, type Store } from './store/db.js';
/** A SQLite file or a postgres:// server behind one asynchronous interface (docs/postgresql.md). */
export { openDocumentStore, type DocumentStore } from './store/store.js';
export { search, searchSections, exportRelation, type SearchHit, type SearchResult, type SectionHit } from './store/read.js';
export { writeBundle, type BundleFormat, type BundleOptions, type BundleSummary } from './bundle/index.js';
export type { ReportRecord, BudgetLine, Indicator, Value } from './normalize/schema.js';
export type { Check } from './check/index.js';
export { VERSION } from './version.js';
