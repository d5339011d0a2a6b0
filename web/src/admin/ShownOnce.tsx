// A secret the API answers once (an API key, a webhook signing secret): shown in a read-only field
// with a Copy button and the plain warning that it will not be shown again, until the user closes it.
// It takes the focus when it appears, so a keyboard or screen-reader user lands on it, and gives it
// back when it closes (to the button that made the secret). And Utc: an instant as the admin pages show it.
import { useEffect, useRef, useState } from 'preact/hooks';

export function ShownOnce({
  id,
  title,
  label,
  secret,
  onClose,
  back,
}: {
  id: string;
  title: string;
  label: string;
  secret: string;
  onClose: () => void;
  /** the button that made the secret: the focus goes back to it on close */
  back?: HTMLElement | null;
}) {
  const box = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => box.current?.focus(), [secret]);
  const close = () => {
    onClose();
    if (back?.isConnected) back.focus();
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied.');
    } catch {
      setCopied('This browser did not let the page copy: select the text and copy it.');
    }
  };
  return (
    <section class="shown-once" ref={box} tabIndex={-1} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p>
        <strong>Copy it now: it will not be shown again.</strong> The service keeps only what checks it.
      </p>
      <label for={id}>{label}</label>
      <div class="secret">
        <input id={id} readOnly value={secret} spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p class="hint" role="status">
        {copied}
      </p>
      <button type="button" onClick={close}>
        I have copied it
      </button>
    </section>
  );
}

/** An instant as the admin pages show it: "2026-12-06 13:12:05 UTC" (keys and endpoints belong to no one brand's clock). */
export function Utc({ at, none = '—' }: { at: string | null | undefined; none?: string }) {
  if (!at) return <span class="hint">{none}</span>;
  return <time dateTime={at}>{`${at.slice(0, 10)} ${at.slice(11, 19)} UTC`}</time>;
}
