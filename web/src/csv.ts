// CSV export: the REST list of what a page shows (`/api/spends/?brand=…`), asked for with
// `Accept: text/csv` and the signed-in key, saved as a file. The service writes the CSV (exact
// money, the brand's dates); the page only names what to ask for.
import { session } from './api.ts';

/** Fetches `path` (a REST list, with its filters) as CSV and saves it as `filename`; throws with the service's words. */
export async function downloadCsv(path: string, filename: string): Promise<void> {
  const res = await fetch(path, { headers: { accept: 'text/csv', authorization: `Bearer ${session.key() ?? ''}` } });
  if (!res.ok) throw new Error(`the export failed: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
