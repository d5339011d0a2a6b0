// Form fields that show the API's error next to the field it names (errors[].extensions.field),
// and one line for an error that names no field of the form.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from './api.ts';

/** A form's error and its submit: `submit(action)` is an onSubmit handler that runs the action and keeps the API's error (or clears it). */
export function useSubmit() {
  const [error, setError] = useState<ApiError | null>(null);
  const submit = (action: () => Promise<unknown>) => async (e: Event) => {
    e.preventDefault();
    try {
      await action();
      setError(null);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    }
  };
  return { error, setError, submit };
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
  const mine = error?.field === name;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {input({ id, name, 'aria-invalid': mine, ...(mine ? { 'aria-describedby': `${id}-error` } : {}) })}
      {hint && <span class="hint">{hint}</span>}
      {mine && (
        <span class="error" role="alert" id={`${id}-error`}>
          {error.message}
        </span>
      )}
    </div>
  );
}

/** The error when it names none of `fields`. */
export function FormError({ error, fields }: { error: ApiError | null; fields: string[] }) {
  if (!error || fields.includes(error.field ?? '')) return null;
  return (
    <p class="error" role="alert">
      {error.message}
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
