import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { NAME_MAX, nameFromInput } from './version-names';

/**
 * Names a version in place: Enter saves, Escape leaves it as it was; an empty name takes the name away.
 * The field takes the focus when it opens, so naming works from the keyboard alone.
 */
export function VersionNameForm({ number, initial, save, close }: { number: number; initial: string; save: (name: string | null) => Promise<void>; close: () => void }) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Opened by the person's own click or key: the field is where they type next.
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.select(), []);

  const submit = async () => {
    const parsed = nameFromInput(value);
    if ('error' in parsed) return setError(parsed.error);
    setSaving(true);
    try {
      await save(parsed.name);
      close();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setSaving(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    close();
  };

  return (
    <form
      className="version-name-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="sr-only" htmlFor={`version-name-${number}`}>
        Name for version {number}
      </label>
      <input
        id={`version-name-${number}`}
        className="grow"
        ref={field}
        value={value}
        maxLength={NAME_MAX + 20}
        placeholder="Before the redesign"
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `version-name-${number}-error` : undefined}
        disabled={saving}
      />
      <button type="submit" className="button small primary" disabled={saving}>
        Save
      </button>
      <button type="button" className="button small ghost" onClick={close} disabled={saving}>
        Cancel
      </button>
      {error && (
        <p id={`version-name-${number}-error`} className="error version-name-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
