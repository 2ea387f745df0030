/**
 * What a cgroup v2 path tells of the processes in it: the systemd unit
 * they run in, and the container, where the path names one.
 */

export interface CgroupIdentity {
  unit: string | null;
  container: string | null;
}

/** A unit name's part before the type, as systemd's unit_name_is_valid
 *  allows it: these bytes, a non-empty prefix before any @, and after the
 *  first @ a non-empty instance (a template, foo@.service, has no cgroup). */
const NAME_CHARS = /^[A-Za-z0-9:_.\\@-]+$/;
const UNIT_NAME_MAX = 255;

/** The unit a path component names when its type is one of types, else
 *  null. systemd escapes a name that could clash with a cgroup file by a
 *  leading _ (cg_escape); one is dropped here, as cg_unescape does. */
function unitName(component: string, types: readonly string[]): string | null {
  const name = component.startsWith('_') ? component.slice(1) : component;
  const dot = name.lastIndexOf('.');
  if (name.length > UNIT_NAME_MAX || dot <= 0 || !types.includes(name.slice(dot + 1))) return null;
  const prefix = name.slice(0, dot);
  const at = prefix.indexOf('@');
  if (!NAME_CHARS.test(prefix) || at === 0 || at === prefix.length - 1) return null;
  return name;
}

/** systemd's cg_path_get_unit: past the leading slices, the next component
 *  is the unit, or there is none. Only services and scopes count here. */
function unitOf(parts: readonly string[]): string | null {
  let i = 0;
  while (i < parts.length && unitName(parts[i]!, ['slice'])) i++;
  return i < parts.length ? unitName(parts[i]!, ['service', 'scope']) : null;
}

/** Container ids are 64 lowercase hex digits. Scopes made by systemd for
 *  docker, containerd, CRI-O and podman hold one; CRI-O's and podman's
 *  conmon scopes (crio-conmon-, libpod-conmon-) hold the monitor and match
 *  none. Without systemd (cgroupfs drivers) the id is a bare component
 *  under docker/ or a kubepods pod<uid>/. */
const SCOPE = /^(?:docker|cri-containerd|crio|libpod)-([0-9a-f]{64})\.scope$/;
const BARE = /^[0-9a-f]{64}$/;
const BARE_PARENT = /^(?:docker|pod[0-9a-f][0-9a-f_-]{0,63})$/;

/** The innermost container the path names (docker in docker, or a unit's
 *  sub-cgroups like docker-<id>.scope/init.scope). */
function containerOf(parts: readonly string[]): string | null {
  let found: string | null = null;
  parts.forEach((part, i) => {
    const scope = SCOPE.exec(part);
    if (scope) found = scope[1]!;
    else if (i > 0 && BARE.test(part) && BARE_PARENT.test(parts[i - 1]!)) found = part;
  });
  return found;
}

/** Pure and total: any string in, never a throw. */
export function describeCgroup(path: string): CgroupIdentity {
  const parts = path.split('/').filter((p) => p !== '');
  return { unit: unitOf(parts), container: containerOf(parts) };
}
