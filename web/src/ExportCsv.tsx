// The "Export CSV" button of a list: saves the REST list `path` (with the page's filters) as a file
// (csv.ts), says so while it runs, and names what went wrong beside it.
import { useState } from 'preact/hooks';
import { downloadCsv } from './csv.ts';

/** what: the list, as the button's name says it ("Export CSV: spends"). */
export function ExportCsv({ path, filename, what }: { path: string; filename: string; what: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadCsv(path, filename);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="export">
      <button type="button" aria-label={`Export CSV: ${what}`} disabled={busy} onClick={() => void run()}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
