/** Where the database lives unless --db says otherwise (its own module: the CLI's help needs it without loading SQLite). */
export const DEFAULT_DATABASE = 'data/jixiao.sqlite';
