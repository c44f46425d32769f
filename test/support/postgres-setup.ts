/** Vitest global setup: one PostgreSQL cluster for the whole run (see postgres.ts), stopped at the end. */
import type { TestProject } from 'vitest/node';
import { startCluster, type Cluster } from './postgres-cluster.js';

let cluster: Cluster | null = null;

export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.JIXIAO_TEST_PG;
  // JIXIAO_TEST_PG=off runs the suite as on a machine without PostgreSQL.
  if (given === 'off') project.provide('postgres', { url: null, reason: 'JIXIAO_TEST_PG=off' });
  else if (given) project.provide('postgres', { url: given, reason: '' });
  else {
    try {
      cluster = await startCluster();
      project.provide('postgres', { url: cluster.url, reason: '' });
    } catch (error) {
      project.provide('postgres', { url: null, reason: (error as Error).message });
    }
  }
  return () => cluster?.stop();
}
