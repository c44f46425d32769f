/**
 * What SQLite's expressions do that PostgreSQL's do not, given to PostgreSQL so the views are one text
 * for both stores (views.ts): truth values add up as 0 and 1 (`(x IS NOT NULL) + (y IS NOT NULL)` counts
 * the values a row holds), round() takes a double precision, max() of truth values is whether any
 * is true and sum() of them counts the true ones, max(a, b) and min(a, b) of two values are scalar. Created in the database's own schema, idempotently, at every opening of a writable store.
 */
const ADD_TRUTH = [
  ['boolean', 'boolean', 'a::int + b::int'],
  ['integer', 'boolean', 'a + b::int'],
  ['boolean', 'integer', 'a::int + b'],
  ['bigint', 'boolean', 'a + b::int'],
  ['boolean', 'bigint', 'a::int + b'],
] as const;

const operator = (left: string, right: string) => `jixiao_add_${left}_${right}`;

export const POSTGRES_COMPAT: readonly string[] = [
  `CREATE OR REPLACE FUNCTION round(value double precision, places integer) RETURNS double precision
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT round(value::numeric, places)::double precision'`,
  ...ADD_TRUTH.map(
    ([left, right, sum]) =>
      `CREATE OR REPLACE FUNCTION ${operator(left, right)}(a ${left}, b ${right}) RETURNS ${left === 'bigint' || right === 'bigint' ? 'bigint' : 'integer'}
         LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT ${sum}'`,
  ),
  ...ADD_TRUTH.map(
    ([left, right]) => `DO $$ BEGIN
       CREATE OPERATOR + (LEFTARG = ${left}, RIGHTARG = ${right}, FUNCTION = ${operator(left, right)});
     EXCEPTION WHEN duplicate_function THEN NULL; END $$`,
  ),
  // sum() of truth values counts the true ones; NULL while no value is known, as SQLite's sum() of 0/1.
  `CREATE OR REPLACE FUNCTION jixiao_count_true(total bigint, value boolean) RETURNS bigint
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT CASE WHEN value IS NULL THEN total ELSE coalesce(total, 0) + value::int END'`,
  `DO $$ BEGIN
     CREATE AGGREGATE sum(boolean) (SFUNC = jixiao_count_true, STYPE = bigint, PARALLEL = SAFE);
   EXCEPTION WHEN duplicate_function THEN NULL; END $$`,
  // max(a, b) and min(a, b) of two values, as SQLite's scalar max/min (NULL when either is NULL); the upserts use them.
  ...['max', 'min'].map(
    (name) => `CREATE OR REPLACE FUNCTION ${name}(a bigint, b bigint) RETURNS bigint
       LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT ${name === 'max' ? 'greatest' : 'least'}(a, b)'`,
  ),
  // The database's clock in milliseconds, for the crawl's claims and leases (crawl-sql.ts); SQLite's store defines the same.
  `CREATE OR REPLACE FUNCTION jixiao_now_ms() RETURNS bigint
     LANGUAGE sql VOLATILE PARALLEL SAFE AS 'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint'`,
  `DO $$ BEGIN
     CREATE AGGREGATE max(boolean) (SFUNC = boolor_statefunc, STYPE = boolean, PARALLEL = SAFE);
   EXCEPTION WHEN duplicate_function THEN NULL; END $$`,
];
