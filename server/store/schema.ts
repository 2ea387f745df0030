/**
 * The event table: one row per open, the fields a TraceEvent carries plus
 * `seq`. Columns are added (never changed) as events learn more: a store
 * written by an older version is brought up to date by MIGRATIONS, in order.
 */
import { SYSCALLS, type Syscall } from '../../protocol/event';

/** Column order is the appender's (appender.ts writes them in this order). */
export const CREATE_EVENTS = `CREATE TABLE IF NOT EXISTS events (
  seq BIGINT NOT NULL,
  ts DOUBLE NOT NULL,
  cpu USMALLINT NOT NULL,
  pid UINTEGER NOT NULL,
  tid UINTEGER NOT NULL,
  uid UINTEGER NOT NULL,
  euid UINTEGER NOT NULL,
  flags UINTEGER NOT NULL,
  ret INTEGER NOT NULL,
  errno USMALLINT NOT NULL,
  -- index into SYSCALLS (a number costs less to append than a string)
  syscall UTINYINT NOT NULL,
  truncated BOOLEAN NOT NULL,
  -- the article's BCC lines (origin: 'article'): most fields unknown
  article BOOLEAN NOT NULL,
  comm VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  -- schema 2 on (MIGRATIONS[0] adds them, in this order). Strings are
  -- NULL rather than '' (and full_path NULL where it is path itself): a
  -- NULL costs the appender no call into DuckDB. toEvent reads them back.
  full_path VARCHAR,
  full_truncated BOOLEAN NOT NULL DEFAULT false,
  duration_ns UBIGINT NOT NULL DEFAULT 0,
  cgroup_id UBIGINT NOT NULL DEFAULT 0,
  cgroup VARCHAR,
  unit VARCHAR,
  container VARCHAR,
  exe VARCHAR,
  user_name VARCHAR,
  own BOOLEAN NOT NULL DEFAULT false
)`;

/** One row per exec seen: who a process was, kept after it exits. */
export const CREATE_EXECS = `CREATE TABLE IF NOT EXISTS execs (
  ts DOUBLE NOT NULL,
  pid UINTEGER NOT NULL,
  ppid UINTEGER NOT NULL,
  cgroup_id UBIGINT NOT NULL,
  exe VARCHAR NOT NULL,
  -- a JSON array of strings
  args VARCHAR NOT NULL,
  truncated BOOLEAN NOT NULL
)`;

/** Key/value facts about the store: the schema version and the boot whose
 *  trace clock the stored timestamps are in. */
export const CREATE_META = 'CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)';

/** The statements that take schema version i to i + 1 (DuckDB cannot add
 *  a column with NOT NULL: the default fills the rows there are). */
export const MIGRATIONS: readonly (readonly string[])[] = [
  [
    'ALTER TABLE events ADD COLUMN full_path VARCHAR',
    'ALTER TABLE events ADD COLUMN full_truncated BOOLEAN DEFAULT false',
    'ALTER TABLE events ADD COLUMN duration_ns UBIGINT DEFAULT 0',
    'ALTER TABLE events ADD COLUMN cgroup_id UBIGINT DEFAULT 0',
    'ALTER TABLE events ADD COLUMN cgroup VARCHAR',
    'ALTER TABLE events ADD COLUMN unit VARCHAR',
    'ALTER TABLE events ADD COLUMN container VARCHAR',
    'ALTER TABLE events ADD COLUMN exe VARCHAR',
    'ALTER TABLE events ADD COLUMN user_name VARCHAR',
    'ALTER TABLE events ADD COLUMN own BOOLEAN DEFAULT false',
  ],
  // Stores of schema 2 before its strings could be NULL.
  ['full_path', 'cgroup', 'unit', 'container', 'exe', 'user_name'].map(
    (c) => `ALTER TABLE events ALTER COLUMN ${c} DROP NOT NULL`,
  ),
];
export const SCHEMA_VERSION = MIGRATIONS.length + 1;

export const syscallCode = (s: Syscall): number => SYSCALLS.indexOf(s);
export const syscallName = (code: number): Syscall => SYSCALLS[code] ?? 'openat';

/** The columns a query reads back into a StoredEvent. */
/** An open's absolute path as stored ('' when unknown). */
export const FULL_PATH = "coalesce(full_path, CASE WHEN starts_with(path, '/') THEN path ELSE '' END)";

/** An open's file: its absolute path where known, else the name passed. */
export const FILE = 'coalesce(full_path, path)';

/** A string column whose NULL reads as ''. */
export const text = (column: string) => `coalesce(${column}, '')`;

export const EVENT_COLUMNS =
  'seq, ts, cpu, pid, tid, uid, euid, flags, ret, errno, syscall, truncated, article, comm, path, full_path, ' +
  'full_truncated, duration_ns, cgroup_id, cgroup, unit, container, exe, user_name, own';
