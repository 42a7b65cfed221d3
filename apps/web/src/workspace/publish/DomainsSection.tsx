import type { DomainView } from '@studio/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { Alert } from '../../ui/Alert';
import { type FormErrors, fieldErrors } from './field-errors';

/** A value a person pastes into their DNS provider, with a button that copies it. */
function Copyable({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard.writeText(value).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      },
      () => undefined,
    );
  return (
    <span className="copyable">
      <code>{value}</code>
      <button type="button" className="button ghost small" aria-label={`Copy ${label}`} onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}

/**
 * The site's own domains: adding one shows the TXT record that proves it is the person's; Verify asks DNS
 * now (the API rechecks verified ones on its own and stops serving a domain whose record went away).
 */
export function DomainsSection({ projectId }: { projectId: string }) {
  const base = `/api/projects/${projectId}/site/domains`;
  const [domains, setDomains] = useState<DomainView[] | null>(null);
  const [draft, setDraft] = useState('');
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  // A refusal about one domain (verify, remove) is shown on its row.
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => api<DomainView[]>('GET', base).then(setDomains, (err: unknown) => setErrors({ fields: {}, general: errorMessage(err) }));
  useEffect(() => {
    void load();
  }, [base]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({ fields: {} });
    try {
      const added = await api<DomainView>('POST', base, { domain: draft });
      setDomains((list) => [...(list ?? []).filter((d) => d.id !== added.id), added]);
      setDraft('');
    } catch (err) {
      setErrors(fieldErrors(err, ['domain']));
    } finally {
      setBusy(false);
    }
  };

  const act = async (d: DomainView, method: 'POST' | 'DELETE') => {
    setBusy(true);
    setRowError(null);
    try {
      if (method === 'DELETE') {
        await api<void>('DELETE', `${base}/${d.id}`);
        setDomains((list) => list?.filter((x) => x.id !== d.id) ?? null);
      } else {
        const checked = await api<DomainView>('POST', `${base}/${d.id}/verify`);
        setDomains((list) => list?.map((x) => (x.id === checked.id ? checked : x)) ?? null);
      }
    } catch (err) {
      setRowError({ id: d.id, message: errorMessage(err) });
      // A failed check is recorded on the domain (its last error, a verified one back to pending): show it.
      if (method === 'POST') await load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="domains">
      <form className="row" onSubmit={add} noValidate>
        <label className="grow">
          Domain
          <input
            value={draft}
            placeholder="www.example.com"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setDraft(e.target.value)}
            aria-invalid={errors.fields.domain ? true : undefined}
            aria-describedby={errors.fields.domain ? 'domain-error' : undefined}
          />
        </label>
        <button type="submit" className="button small" disabled={busy || !draft.trim()}>
          Add domain
        </button>
      </form>
      {errors.fields.domain && (
        <p id="domain-error" className="error field-error" role="alert">
          {errors.fields.domain}
        </p>
      )}
      <Alert message={errors.general} />
      {!domains ? (
        <p className="muted small-note">Loading…</p>
      ) : domains.length === 0 ? (
        <p className="muted small-note">No domains of your own yet: the site answers on its address above.</p>
      ) : (
        <ul className="domain-list">
          {domains.map((d) => (
            <li key={d.id} data-domain={d.domain} data-status={d.status}>
              <div className="domain-head">
                <strong className="grow">{d.domain}</strong>
                <span className={d.status === 'verified' ? 'pill good' : 'pill warn'}>{d.status === 'verified' ? 'Verified' : 'Waiting for DNS'}</span>
                <button type="button" className="button small" disabled={busy} aria-label={`Verify ${d.domain}`} onClick={() => void act(d, 'POST')}>
                  Verify
                </button>
                <button type="button" className="button ghost small" disabled={busy} aria-label={`Remove ${d.domain}`} onClick={() => void act(d, 'DELETE')}>
                  Remove
                </button>
              </div>
              <dl className="txt-record">
                <dt>Type</dt>
                <dd>
                  <code>{d.verification.type}</code>
                </dd>
                <dt>Name</dt>
                <dd>
                  <Copyable label={`record name for ${d.domain}`} value={d.verification.name} />
                </dd>
                <dt>Value</dt>
                <dd>
                  <Copyable label={`record value for ${d.domain}`} value={d.verification.value} />
                </dd>
              </dl>
              {rowError?.id === d.id ? (
                <p className="error small-note" role="alert">
                  {rowError.message}
                </p>
              ) : (
                d.lastError && <p className="muted small-note">Last check: {d.lastError}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="muted small-note">Create the TXT record at your DNS provider, then Verify. Point the domain at this platform’s sites host (a CNAME or A record) to have it served.</p>
    </div>
  );
}
