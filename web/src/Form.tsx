// Form fields that show the API's errors next to the fields they name (errors[].extensions.field:
// every wrong field of one answer at once), and one line for each error that names no field of the form.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api.ts';

/**
 * A form's error and its submit: `submit(action)` is an onSubmit handler that runs the action,
 * keeps the API's error (or clears it), and ignores a second submit while one is on its way
 * (`pending`: disable the button).
 */
export function useSubmit() {
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const running = useRef(false);
  const submit = (action: () => Promise<unknown>) => async (e: Event) => {
    e.preventDefault();
    if (running.current) return;
    running.current = true;
    setPending(true);
    try {
      await action();
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(String((err as Error)?.message ?? err), undefined, undefined));
    } finally {
      running.current = false;
      setPending(false);
    }
  };
  return { error, setError, submit, pending };
}

/**
 * A form's values over values the page reads again whenever anything moves (live updates). The
 * draft follows the saved values while the user has not touched it, and is left alone once they
 * have, so a live update never undoes an edit. `key` says when two values are the same (default: as JSON).
 */
export function useDraft<T>(saved: T, key: (value: T) => string = (v) => JSON.stringify(v)) {
  const [draft, setDraft] = useState(saved);
  const savedKey = key(saved);
  const base = useRef(savedKey);
  useEffect(() => {
    if (key(draft) === base.current) setDraft(saved);
    base.current = savedKey;
  }, [savedKey]);
  return { draft, setDraft, changed: key(draft) !== savedKey, discard: () => setDraft(saved) };
}

export interface FieldProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

/** A labelled control; `input` gets the id, name and ARIA wiring to the error. */
export function Field({
  form,
  name,
  label,
  error,
  input,
  hint,
}: {
  form: string;
  name: string;
  label: string;
  error: ApiError | null;
  input: (p: FieldProps) => ComponentChildren;
  hint?: string;
}) {
  const id = `${form}-${name}`;
  const mine = error?.all.find((e) => e.field === name);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {input({ id, name, 'aria-invalid': Boolean(mine), ...(mine ? { 'aria-describedby': `${id}-error` } : {}) })}
      {hint && <span class="hint">{hint}</span>}
      {mine && (
        <span class="error" role="alert" id={`${id}-error`}>
          {mine.message}
        </span>
      )}
    </div>
  );
}

/** The errors that name none of `fields`. */
export function FormError({ error, fields }: { error: ApiError | null; fields: string[] }) {
  const rest = error?.all.filter((e) => !fields.includes(e.field ?? '')) ?? [];
  if (rest.length === 0) return null;
  return (
    <p class="error" role="alert">
      {rest.map((e) => e.message).join('; ')}
    </p>
  );
}

/** Suggestions for a timezone field (the browser's IANA names; the service checks against PostgreSQL's). */
export function Timezones({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {Intl.supportedValuesOf('timeZone').map((tz) => (
        <option key={tz} value={tz} />
      ))}
    </datalist>
  );
}
