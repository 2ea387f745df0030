/** Downloads from the API, which needs the bearer token (a plain link
 *  would carry none): fetched, then saved under the name the server gave
 *  (Content-Disposition), else `name`. */
import { dispositionFileName } from './content-disposition';
import { authHeaders, NO_TOKEN_HINT } from './session';

/** Why it failed; or, saved, how many records it holds of how many
 *  matched, where the server says (an events download's headers). */
export type DownloadResult = { error: string } | { error: null; exported: number | null; total: number | null };

const count = (v: string | null) => (v !== null && /^\d+$/.test(v) ? Number(v) : null);

export async function download(href: string, name: string): Promise<DownloadResult> {
  const res = await fetch(href, { cache: 'no-store', headers: authHeaders() });
  if (!res.ok) return { error: res.status === 401 ? `not authorized: ${NO_TOKEN_HINT}` : `export failed: HTTP ${res.status}` };
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = dispositionFileName(res.headers.get('Content-Disposition')) ?? name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { error: null, exported: count(res.headers.get('X-Exported-Count')), total: count(res.headers.get('X-Total-Count')) };
}
