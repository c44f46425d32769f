/** Where the database lives unless --db says otherwise (its own module: the CLI's help needs it without loading SQLite). */
export const DEFAULT_DATABASE = 'data/jixiao.sqlite';

/** A --db naming a PostgreSQL server (postgres://user@host:port/dbname) rather than a SQLite file. */
export const isPostgresLocation = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/** A postgres:// address as it may be shown: without its password. */
export function shownLocation(location: string): string {
  if (!isPostgresLocation(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return location;
  }
}
