/**
 * A throwaway PostgreSQL server for the tests of the shared store. Vitest's global setup (postgres-setup.ts)
 * starts one cluster per test run: initdb and pg_ctl in a temporary folder, on a free port of 127.0.0.1,
 * as the `postgres` user when the tests run as root (the server refuses root). Each test then takes a
 * database of its own. JIXIAO_TEST_PG=postgres://user@host:port/db uses an existing server instead (its
 * user must be allowed to create databases); JIXIAO_TEST_PG=off runs without one. When no server can be had, the
 * PostgreSQL tests skip and say why.
 */
import pg from 'pg';
import { inject } from 'vitest';

export { startCluster, type Cluster } from './postgres-cluster.js';

/** What the global setup hands to the tests: a server's address, or why there is none. */
export interface ProvidedPostgres {
  url: string | null;
  reason: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ProvidedPostgres;
  }
}

/** The server the tests use, as the global setup provided it. */
export function testServer(): ProvidedPostgres {
  const provided = inject('postgres');
  if (!provided.url) console.warn(`PostgreSQL tests skipped: ${provided.reason}`);
  return provided;
}

let databases = 0;

/** A new, empty database on the server, for one test: its address. */
export async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `jixiao_test_${process.pid}_${Date.now().toString(36)}_${(databases += 1)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The rows a query gives on a database, over a connection of its own. */
export async function queryRows<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}
