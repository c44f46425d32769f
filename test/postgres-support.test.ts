import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase, testServer } from './support/postgres.js';

const server = testServer();

describe.skipIf(!server.url)(`the tests' PostgreSQL server${server.url ? '' : ` (skipped: ${server.reason})`}`, () => {
  it('gives each test a database of its own, empty', async () => {
    const [first, second] = [await freshDatabase(server.url!), await freshDatabase(server.url!)];
    expect(first).not.toBe(second);
    const client = new pg.Client({ connectionString: first });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT current_database() AS name, count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(rows).toEqual([{ name: new URL(first).pathname.slice(1), tables: 0 }]);
    } finally {
      await client.end();
    }
  });
});
