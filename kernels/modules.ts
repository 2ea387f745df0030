/**
 * Which kernel modules a guest's initramfs must load, in what order: the
 * wanted ones and everything they need, dependencies first, as modules.dep
 * (made by depmod) says. Built-in ones are skipped. Pure.
 */

/** "kernel/fs/9p/9p.ko.xz" -> "9p"; dashes and underscores are one. */
export const moduleName = (file: string): string =>
  (file.split('/').pop() ?? file).replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');

/** modules.dep: "path: dep dep ..." per line -> name -> { path, deps }. */
export function parseModulesDep(text: string): Map<string, { path: string; deps: string[] }> {
  const out = new Map<string, { path: string; deps: string[] }>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const path = line.slice(0, colon).trim();
    const deps = line.slice(colon + 1).trim().split(/\s+/).filter(Boolean).map(moduleName);
    out.set(moduleName(path), { path, deps });
  }
  return out;
}

/** Paths (relative to the modules folder) to insmod, dependencies first. */
export function loadOrder(wanted: readonly string[], modulesDep: string, modulesBuiltin: string): string[] {
  const dep = parseModulesDep(modulesDep);
  const builtin = new Set(modulesBuiltin.split('\n').filter(Boolean).map(moduleName));
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string, chain: string[]) => {
    const n = moduleName(name);
    if (seen.has(n) || builtin.has(n)) return;
    const m = dep.get(n);
    if (!m) throw new Error(`module ${n} (needed by ${chain.join(' <- ') || 'the guest'}) is neither in modules.dep nor built in`);
    seen.add(n);
    for (const d of m.deps) visit(d, [n, ...chain]);
    order.push(m.path);
  };
  for (const w of wanted) visit(w, []);
  return order;
}
