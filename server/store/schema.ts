/**
 * The event table: one row per open, the fields a TraceEvent carries plus
 * `seq`, its texts by id in the strings table. A store written by an older
 * version is brought up to date by MIGRATIONS, in order.
 */
import { SYSCALLS, type Syscall } from '../../protocol/event';

/** Text a row refers to by id (TEXT_COLUMNS): each distinct text stored
 *  once (strings.ts interns them). A row costs the appender and every
 *  grouping an integer instead of a string, and a name or path glob is
 *  matched once per distinct text, not once per event. Id 0 is ''. A text
 *  may have more than one id (the writer's dictionary is bounded): views
 *  group by text where it is cheap to. */
export const CREATE_STRINGS = 'CREATE TABLE IF NOT EXISTS strings (id UINTEGER NOT NULL, text VARCHAR NOT NULL)';

/** Schema 10: the directory (a text's id) of each text used as a file
 *  (strings.ts, dirOf), written once per file: an event's directory is its
 *  file's, where a column of every event took 2.6 B of it (schemas 7-9). */
export const CREATE_FILE_DIRS = 'CREATE TABLE IF NOT EXISTS file_dirs (file_id UINTEGER NOT NULL, dir_id UINTEGER NOT NULL)';

/** The events' text fields: the id column each is stored in. `file` is an
 *  open's file as views group it: its absolute path where known, else the
 *  name as passed. `path`, the name as passed, is 0 where it is the file's
 *  text (most names are absolute, resolved, and so the file): a column
 *  mostly of zeros costs next to nothing on disk (rows of a store before
 *  schema 5 hold the file's id there instead, which reads the same). */
export const TEXT_COLUMNS = {
  comm: 'comm_id',
  path: 'path_id',
  file: 'file_id',
  exe: 'exe_id',
  user: 'user_name_id',
  cgroup: 'cgroup_path_id',
  unit: 'unit_id',
  container: 'container_id',
} as const;
export type TextField = keyof typeof TEXT_COLUMNS;

/** A column's DuckDB type (appender.ts has each one's vector type). */
export type ColumnType =
  | 'BIGINT' | 'DOUBLE' | 'USMALLINT' | 'UINTEGER' | 'INTEGER' | 'UTINYINT' | 'BOOLEAN' | 'UBIGINT' | typeof TS_TYPE;

/** Trace time, to the µs the kernel prints it with: stored as an integer,
 *  which DuckDB packs as deltas (about 1 byte an event, where a DOUBLE
 *  took 4.4), and read back as a number. */
export const TS_TYPE = 'DECIMAL(18,6)';

/** What a column of each type holds, as doubles: the least and the most
 *  value, and whether only integers. A row with a value outside its
 *  column's is refused alone (batch.ts), never with the rows around it. */
export const COLUMN_RANGE: Record<ColumnType, { min: number; max: number; integer: boolean }> = {
  BIGINT: { min: -(2 ** 63), max: 2 ** 63 - 1024, integer: true },
  UBIGINT: { min: 0, max: 2 ** 64 - 2048, integer: true },
  UINTEGER: { min: 0, max: 2 ** 32 - 1, integer: true },
  INTEGER: { min: -(2 ** 31), max: 2 ** 31 - 1, integer: true },
  USMALLINT: { min: 0, max: 0xffff, integer: true },
  UTINYINT: { min: 0, max: 0xff, integer: true },
  BOOLEAN: { min: 0, max: 1, integer: true },
  DOUBLE: { min: -Number.MAX_VALUE, max: Number.MAX_VALUE, integer: false },
  // 18 digits, 6 of them after the point
  [TS_TYPE]: { min: -(1e12 - 1), max: 1e12 - 1, integer: false },
};

/** Whether a column of this type holds x. */
export function fitsColumn(type: ColumnType, x: number): boolean {
  const r = COLUMN_RANGE[type];
  return x >= r.min && x <= r.max && (!r.integer || Number.isInteger(x));
}

export interface EventColumn {
  column: string;
  field: string;
  type: ColumnType;
  text?: true;
}

/** The events table, column by column in its order: the field of a
 *  StoredEvent each holds (or the text field whose id it holds, id
 *  columns), and its type. CREATE_EVENTS, the appender and batch.ts are
 *  derived from it. A new column goes last: a migration adds it there. */
export const EVENT_TABLE: readonly EventColumn[] = [
  { column: 'seq', field: 'seq', type: 'BIGINT' },
  { column: 'ts', field: 'ts', type: TS_TYPE },
  { column: 'cpu', field: 'cpu', type: 'USMALLINT' },
  { column: 'pid', field: 'pid', type: 'UINTEGER' },
  { column: 'uid', field: 'uid', type: 'UINTEGER' },
  // the effective uid XOR the real one: 0 but for setuid programs, and a
  // column of zeros takes next to no room (euid itself took 2.1 B an event)
  { column: 'euid_xor_uid', field: 'euid', type: 'UINTEGER' },
  // 64 bits, as openat2 takes them (anything past 32 bits is EINVAL)
  { column: 'flags', field: 'flags', type: 'UBIGINT' },
  { column: 'ret', field: 'ret', type: 'INTEGER' },
  { column: 'errno', field: 'errno', type: 'USMALLINT' },
  // index into SYSCALLS
  { column: 'syscall', field: 'syscall', type: 'UTINYINT' },
  { column: 'truncated', field: 'truncated', type: 'BOOLEAN' },
  // the article's BCC lines (origin: 'article'): most fields unknown
  { column: 'article', field: 'article', type: 'BOOLEAN' },
  { column: 'full_truncated', field: 'fullTruncated', type: 'BOOLEAN' },
  { column: 'own', field: 'own', type: 'BOOLEAN' },
  { column: 'duration_ns', field: 'durationNs', type: 'UBIGINT' },
  { column: 'cgroup_id', field: 'cgroupId', type: 'UBIGINT' },
  // ids in strings, in TEXT_COLUMNS' order
  ...Object.entries(TEXT_COLUMNS).map(([field, column]) => ({ column, field, type: 'UINTEGER', text: true }) as const),
  // schema 5
  { column: 'start', field: 'start', type: 'DOUBLE' },
  // schema 9: the thread's id less its process's: 0 for a process's main
  // thread, small for most others, where the tid itself took 2.9 B an event
  { column: 'tid_minus_pid', field: 'tid', type: 'BIGINT' },
];

const createEvents = (columns: readonly { column: string; type: string }[]) =>
  `CREATE TABLE IF NOT EXISTS events (${columns.map((c) => `${c.column} ${c.type} NOT NULL`).join(', ')})`;
export const CREATE_EVENTS = createEvents(EVENT_TABLE);
/** The table as schema 4 made it, for the migration from 3: before schema
 *  5 added `start` and kept euid XOR uid, and 6 widened the flags. */
const V4_COLUMNS = EVENT_TABLE.filter((c) => !['start', 'tid_minus_pid'].includes(c.column)).flatMap((c) =>
  c.field === 'euid'
    ? [{ ...c, column: 'euid' }]
    : c.field === 'flags'
      ? [{ ...c, type: 'UINTEGER' }]
      : c.field === 'pid'
        ? [c, { column: 'tid', type: 'UINTEGER' }]
        : [c],
);

/** One row per exec seen: who a process was, kept after it exits. */
export const CREATE_EXECS = `CREATE TABLE IF NOT EXISTS execs (
  ts DOUBLE NOT NULL,
  pid UINTEGER NOT NULL,
  ppid UINTEGER NOT NULL,
  cgroup_id UBIGINT NOT NULL,
  exe VARCHAR NOT NULL,
  -- a JSON array of strings
  args VARCHAR NOT NULL,
  truncated BOOLEAN NOT NULL,
  -- schema 5
  start DOUBLE NOT NULL
)`;

/** What a rollup row is per, beside its minute and result: every column a
 *  view the rollup answers filters or groups by. */
export const ROLLUP_KEYS = [
  'comm_id', 'pid', 'start', 'exe_id', 'unit_id', 'container_id', 'cgroup_id', 'cgroup_path_id', 'uid', 'own',
] as const;
/** Seconds a rollup row spans. */
export const MINUTE = 60;

const typeOf = (column: string): ColumnType => EVENT_TABLE.find((c) => c.column === column)!.type;

/** Opens per minute by process and result (rollup.ts keeps it): a row per
 *  minute and ROLLUP_KEYS and failed or not. Its columns in the order of
 *  rollup.ts's rows (its merge reads them back with SELECT *), each key
 *  typed as in the events. */
export const CREATE_PROCESS_MINUTES = `CREATE TABLE IF NOT EXISTS process_minutes (
  -- BIGINT: a recording may hold any time the column of times does
  minute BIGINT NOT NULL,
  ${ROLLUP_KEYS.map((k) => `${k} ${typeOf(k)} NOT NULL`).join(', ')},
  failed BOOLEAN NOT NULL,
  opens UINTEGER NOT NULL,
  first_ts ${TS_TYPE} NOT NULL,
  last_ts ${TS_TYPE} NOT NULL,
  last_seq BIGINT NOT NULL
)`;
/** The last seq rolled up (-1: none), in its one row. */
export const CREATE_ROLLUP_STATE = [
  'CREATE TABLE IF NOT EXISTS rollup_state (rolled BIGINT NOT NULL)',
  'INSERT INTO rollup_state SELECT -1 WHERE NOT EXISTS (SELECT 1 FROM rollup_state)',
];

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
  // Texts into strings, rows refer to them: in one transaction, so a store
  // cut off half-way is still the old one.
  [
    'BEGIN TRANSACTION',
    CREATE_STRINGS,
    `INSERT INTO strings (id, text) SELECT row_number() OVER (ORDER BY t)::UINTEGER, t FROM (
       SELECT DISTINCT unnest([comm, path, coalesce(full_path, path), exe, user_name, cgroup, unit, container]) AS t
       FROM events) WHERE t IS NOT NULL AND t <> ''`,
    'ALTER TABLE events RENAME TO events_v3',
    createEvents(V4_COLUMNS),
    `INSERT INTO events SELECT e.seq, e.ts, e.cpu, e.pid, e.tid, e.uid, e.euid, e.flags, e.ret, e.errno, e.syscall,
       e.truncated, e.article, e.full_truncated, e.own, e.duration_ns, e.cgroup_id,
       ${['e.comm', 'e.path', 'coalesce(e.full_path, e.path)', 'e.exe', 'e.user_name', 'e.cgroup', 'e.unit', 'e.container']
         .map((t) => `coalesce((SELECT s.id FROM strings s WHERE s.text = ${t}), 0)`)
         .join(', ')}
     FROM events_v3 e`,
    'DROP TABLE events_v3',
    'COMMIT',
  ],
  // Times as µs integers (TS_TYPE); euid kept XOR uid; each process's
  // start, so a reused PID is a process of its own (0 in rows from before:
  // not known).
  [
    `ALTER TABLE events ALTER COLUMN ts TYPE ${TS_TYPE}`,
    'ALTER TABLE events RENAME COLUMN euid TO euid_xor_uid',
    'UPDATE events SET euid_xor_uid = xor(euid_xor_uid, uid)',
    'ALTER TABLE events ADD COLUMN IF NOT EXISTS start DOUBLE DEFAULT 0',
    'ALTER TABLE execs ADD COLUMN IF NOT EXISTS start DOUBLE DEFAULT 0',
  ],
  // Flags in 64 bits.
  ['ALTER TABLE events ALTER COLUMN flags TYPE UBIGINT'],
  // Each file's directory by id in every event (schema 10 keeps it once
  // per file instead).
  ['ALTER TABLE events ADD COLUMN IF NOT EXISTS dir_id UINTEGER DEFAULT 0'],
  // The per-minute rollup (rollup.ts), empty: the store rolls it up from
  // the first event once open. A version of its own, so that no older
  // ebpf-dash, which would not keep it, opens the store.
  [CREATE_PROCESS_MINUTES, ...CREATE_ROLLUP_STATE],
  // The thread's id as its difference from the process's.
  [
    'ALTER TABLE events ADD COLUMN tid_minus_pid BIGINT DEFAULT 0',
    'UPDATE events SET tid_minus_pid = tid::BIGINT - pid',
    'ALTER TABLE events DROP COLUMN tid',
  ],
  // Each file's directory once, not in every event (fill-dirs.ts fills
  // the table in).
  [CREATE_FILE_DIRS, 'ALTER TABLE events DROP COLUMN IF EXISTS dir_id'],
];
export const SCHEMA_VERSION = MIGRATIONS.length + 1;
/** The schema whose migration keeps each file's directory once: a store
 *  from before it gets its files' directories filled in (fill-dirs.ts). */
export const DIRS_SCHEMA = 10;

export const syscallCode = (s: Syscall): number => SYSCALLS.indexOf(s);
export const syscallName = (code: number): Syscall => SYSCALLS[code] ?? 'openat';

/** The columns a query reads back into a StoredEvent (texts by their ids). */
export const EVENT_COLUMNS = EVENT_TABLE.map((c) => c.column).join(', ');
