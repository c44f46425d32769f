import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // A throwaway PostgreSQL server for the shared store's tests (they skip, saying why, without one).
    globalSetup: ['test/support/postgres-setup.ts'],
  },
});
