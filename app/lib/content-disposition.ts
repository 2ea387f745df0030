/** The file name a server gave a download (Content-Disposition), which
 *  a fetched blob would otherwise lose: the exports are named by their
 *  filter and time on the server. Pure. */
export function dispositionFileName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // A bad escape: the plain filename, if any, still names it.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  const name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]) : undefined;
  // Only a name, never a path.
  return name ? name.replace(/^.*[/\\]/, '') || null : null;
}
