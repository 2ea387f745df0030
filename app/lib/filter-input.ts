/**
 * What the filter inputs hold, its form in the page's URL, and the
 * EventFilter it stands for. The URL keeps the text as typed, invalid
 * values included, so a shared link shows the same inputs, errors and all.
 */
import { errnoName, parseErrno } from '../../protocol/errno';
import { FILTER_KEYS, filterFromQuery } from '../../protocol/filter';
import type { EventFilter } from '../../protocol/messages';

export type FilterKey = (typeof FILTER_KEYS)[number];

/** One text per filter field, as typed or chosen; '' matches all. */
export type FilterInput = Record<FilterKey, string>;

export const EMPTY_FILTER_INPUT: FilterInput = {
  comm: '', pid: '', start: '', tid: '', uid: '', path: '', result: '', syscall: '',
  unit: '', container: '', exe: '', slower: '', own: '',
};

/** The `own` input when the backend's own opens are shown (a checkbox). */
export const OWN_ON = '1';

/** Errnos an open commonly fails with, offered in the result picker. */
export const COMMON_ERRNOS = [
  'ENOENT', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENAMETOOLONG', 'EMFILE', 'ENFILE', 'EROFS',
  'ETXTBSY', 'EEXIST', 'ENXIO', 'ENODEV', 'EBUSY', 'EAGAIN', 'EINTR', 'EINVAL', 'EFAULT', 'EOPNOTSUPP',
] as const;

/** Ids, hex prefixes and durations: surrounding blanks are no part of them. */
const TRIMMED: ReadonlySet<FilterKey> = new Set(['pid', 'start', 'tid', 'uid', 'container', 'slower']);

function cleaned(key: FilterKey, text: string): string {
  return TRIMMED.has(key) ? text.trim() : text;
}

/** The page's query -> the inputs. A result given as a number or in lower
 *  case shows as its name, the way the picker lists it. */
export function inputFromQuery(q: { get(key: string): string | null }): FilterInput {
  const input = { ...EMPTY_FILTER_INPUT };
  for (const key of FILTER_KEYS) input[key] = q.get(key) ?? '';
  const errno = input.result === 'ok' || input.result === 'failed' ? undefined : parseErrno(input.result);
  if (errno !== undefined) input.result = errnoName(errno);
  return input;
}

/** The inputs -> the page's query, set fields only, in the protocol's key
 *  order: the same view always has the same URL. */
export function inputToQuery(input: FilterInput): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = cleaned(key, input[key]);
    if (v !== '') q.set(key, v);
  }
  return q;
}

/** The schema's own words name no value; these do. */
function sentence(key: FilterKey, value: string, error: string): string {
  if (!error.startsWith('✖')) return error;
  if (key === 'pid' || key === 'tid') return `${key} must be a positive number, not '${value}'`;
  return `${key} is not valid: ${error.replace(/^✖\s*/, '').split('\n')[0]}`;
}

export interface CheckedInput {
  /** The valid fields, as the server and the table apply them. */
  filter: EventFilter;
  /** Why each invalid field is left out of the filter. */
  errors: Partial<Record<FilterKey, string>>;
}

/** Checks each field on its own, with the protocol's parser: one bad field
 *  is reported and left out, and the others still filter. */
export function checkInput(input: FilterInput): CheckedInput {
  const filter: EventFilter = {};
  const errors: CheckedInput['errors'] = {};
  for (const key of FILTER_KEYS) {
    const v = cleaned(key, input[key]);
    if (v === '') continue;
    const r = filterFromQuery({ [key]: v });
    if (r.ok) Object.assign(filter, r.filter);
    else errors[key] = sentence(key, v, r.error);
  }
  return { filter, errors };
}
