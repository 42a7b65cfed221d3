import type { ProviderKeyBody, ProviderKeyKind, ProviderKeyView } from '@studio/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { Alert } from '../ui/Alert';
import type { FormErrors } from '../workspace/publish/field-errors';
import { formatTime } from './format';
import { KEY_FIELDS, keyFormErrors } from './key-errors';
import './account.css';

const PROVIDERS: { id: ProviderKeyKind; name: string; note: string }[] = [
  { id: 'openai', name: 'OpenAI', note: 'Your turns use your OpenAI key with the configured OpenAI model.' },
  { id: 'anthropic', name: 'Anthropic', note: 'Your turns use your Anthropic key with the configured Anthropic model.' },
  { id: 'openai-compatible', name: 'OpenAI-compatible', note: 'Any server that speaks the OpenAI API: its base URL and the model to use are required.' },
];

type Field = (typeof KEY_FIELDS)[number];

/** One provider's key: what is stored (never the key itself) and a form to add or replace it. */
function ProviderKey({ provider, stored, onChanged }: { provider: (typeof PROVIDERS)[number]; stored: ProviderKeyView | undefined; onChanged: () => void }) {
  const compatible = provider.id === 'openai-compatible';
  const [values, setValues] = useState<Record<Field, string>>({ apiKey: '', baseUrl: stored?.baseUrl ?? '', model: stored?.model ?? '', label: stored?.label ?? '' });
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const id = (f: string) => `key-${provider.id}-${f}`;

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({ fields: {} });
    setSaved(null);
    const body: ProviderKeyBody = { apiKey: values.apiKey.trim() };
    if (values.baseUrl.trim()) body.baseUrl = values.baseUrl.trim();
    if (values.model.trim()) body.model = values.model.trim();
    if (values.label.trim()) body.label = values.label.trim();
    try {
      const view = await api<ProviderKeyView>('PUT', `/api/provider-keys/${provider.id}`, body);
      setSaved(`Saved: the key ending ${view.hint}.`);
      onChanged();
    } catch (err) {
      setErrors(keyFormErrors(err));
    } finally {
      // Never kept: the key leaves the page's memory whether or not the save worked.
      setValues((v) => ({ ...v, apiKey: '' }));
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setErrors({ fields: {} });
    try {
      await api('DELETE', `/api/provider-keys/${provider.id}`);
      setConfirming(false);
      setSaved(null);
      onChanged();
    } catch (err) {
      setErrors({ fields: {}, general: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  const field = (key: Field, label: string, extra: { type?: string; placeholder?: string; required?: boolean; autoComplete?: string } = {}) => (
    <label htmlFor={id(key)}>
      {label}
      <input
        id={id(key)}
        type={extra.type ?? 'text'}
        value={values[key]}
        placeholder={extra.placeholder}
        required={extra.required}
        autoComplete={extra.autoComplete ?? 'off'}
        spellCheck={false}
        onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
        aria-invalid={errors.fields[key] ? true : undefined}
        aria-describedby={errors.fields[key] ? `${id(key)}-error` : undefined}
      />
      {errors.fields[key] && (
        <span id={`${id(key)}-error`} className="error field-error" role="alert">
          {errors.fields[key]}
        </span>
      )}
    </label>
  );

  return (
    <section className="panel acct-key" aria-labelledby={id('title')} data-provider={provider.id}>
      <div className="panel-head">
        <h2 id={id('title')}>{provider.name}</h2>
        {stored ? <span className="pill good">Key ending {stored.hint}</span> : <span className="pill">No key</span>}
      </div>
      <p className="muted small-note">{provider.note}</p>
      {stored && (
        <>
          <dl className="acct-facts">
            <div>
              <dt>Label</dt>
              <dd>{stored.label ?? '—'}</dd>
            </div>
            <div>
              <dt>Base URL</dt>
              <dd className="acct-name">{stored.baseUrl ?? 'The provider’s own'}</dd>
            </div>
            <div>
              <dt>Model</dt>
              <dd className="acct-name">{stored.model ?? 'The configured one'}</dd>
            </div>
            <div>
              <dt>Last used</dt>
              <dd>{stored.lastUsedAt ? formatTime(stored.lastUsedAt) : 'Not yet'}</dd>
            </div>
          </dl>
          {stored.lastError && <Alert message={`The provider refused this key on ${formatTime(stored.lastError.at)}: ${stored.lastError.message}`} />}
        </>
      )}
      <form className="acct-key-form" onSubmit={save}>
        {field('apiKey', stored ? 'New key (replaces the stored one)' : 'Key', { type: 'password', required: true, autoComplete: 'new-password' })}
        {field('baseUrl', compatible ? 'Base URL' : 'Base URL (optional, a proxy)', { placeholder: 'https://llm.example.com/v1', required: compatible, type: 'url' })}
        {field('model', compatible ? 'Model' : 'Model (optional)', { placeholder: compatible ? 'meta-llama/Llama-3.1-8B' : 'the configured model', required: compatible })}
        {field('label', 'Label (optional)')}
        <div className="row">
          <button type="submit" className="button primary" disabled={busy}>
            {stored ? 'Replace key' : 'Save key'}
          </button>
          {stored &&
            (confirming ? (
              <>
                <span className="acct-confirm">Delete this key? Your turns go back to the platform’s budget.</span>
                <button type="button" className="button small acct-danger" onClick={remove} disabled={busy}>
                  Yes, delete
                </button>
                <button type="button" className="button ghost small" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </>
            ) : (
              <button type="button" className="button ghost" onClick={() => setConfirming(true)} disabled={busy}>
                Delete…
              </button>
            ))}
        </div>
        <Alert message={errors.general} />
        {saved && (
          <p className="acct-saved" role="status">
            {saved}
          </p>
        )}
      </form>
    </section>
  );
}

/** `#/settings`: the person's own model keys, one per provider. */
export function KeysPage() {
  const [keys, setKeys] = useState<ProviderKeyView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = () => api<ProviderKeyView[]>('GET', '/api/provider-keys').then(setKeys, (e: unknown) => setError(errorMessage(e)));
  useEffect(() => {
    void reload();
  }, []);
  return (
    <main className="acct-page">
      <div className="acct-head">
        <h1>Your model keys</h1>
      </div>
      <p className="muted">
        With a key of your own, your turns use it and are paid by you: they do not count against your monthly budget. A key is stored encrypted and never shown again; only its last four characters
        are.
      </p>
      <Alert message={error} />
      {keys === null ? !error && <p className="muted">Loading…</p> : PROVIDERS.map((p) => <ProviderKey key={p.id} provider={p} stored={keys.find((k) => k.provider === p.id)} onChanged={reload} />)}
    </main>
  );
}
