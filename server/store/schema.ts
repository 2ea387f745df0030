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
  path VARCHAR NOT NULL
)`;

/** Key/value facts about the store: the schema version and the boot whose
 *  trace clock the stored timestamps are in. */
export const CREATE_META = 'CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)';

/** Statements that take schema version i to i + 1. */
export const MIGRATIONS: readonly string[] = [];
export const SCHEMA_VERSION = MIGRATIONS.length + 1;

export const syscallCode = (s: Syscall): number => SYSCALLS.indexOf(s);
export const syscallName = (code: number): Syscall => SYSCALLS[code] ?? 'openat';

/** The columns a query reads back into a StoredEvent. */
export const EVENT_COLUMNS = 'seq, ts, cpu, pid, tid, uid, euid, flags, ret, errno, syscall, truncated, article, comm, path';
