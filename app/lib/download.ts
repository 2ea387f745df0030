/** Downloads from the API, which needs the bearer token (a plain link
 *  would carry none): fetched, then saved under the name the server gave
 *  (Content-Disposition), else `name`. Returns why it failed, or null. */
import { dispositionFileName } from './content-disposition';
import { authHeaders, NO_TOKEN_HINT } from './session';

export async function download(href: string, name: string): Promise<string | null> {
  const res = await fetch(href, { cache: 'no-store', headers: authHeaders() });
  if (!res.ok) return res.status === 401 ? `not authorized: ${NO_TOKEN_HINT}` : `export failed: HTTP ${res.status}`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = dispositionFileName(res.headers.get('Content-Disposition')) ?? name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return null;
}
