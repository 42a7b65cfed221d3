import type { AuditAction, AuditEventView, AuditPageView } from '@studio/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { Alert } from '../ui/Alert';
import { ACTION_WORDS, ACTIONS, actorWords, targetWords } from './audit-words';
import { formatTime } from './format';

/**
 * A page of an audit trail, newest first, with an action filter and an "Older" button that pages with
 * `before`. `path` is `/api/audit` (the person's own) or `/api/admin/audit` (everyone's; `userId` narrows it).
 */
export function AuditList({ path, userId, showSubject = false }: { path: string; userId?: string; showSubject?: boolean }) {
  const [action, setAction] = useState<AuditAction | ''>('');
  const [events, setEvents] = useState<AuditEventView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fetchPage = useCallback(
    (before: string | null) => {
      const query = new URLSearchParams({ limit: '50' });
      if (action) query.set('action', action);
      if (userId) query.set('userId', userId);
      if (before) query.set('before', before);
      return api<AuditPageView>('GET', `${path}?${query}`);
    },
    [path, action, userId],
  );

  useEffect(() => {
    let live = true;
    setEvents(null);
    setError(null);
    fetchPage(null).then(
      (page) => {
        if (!live) return;
        setEvents(page.events);
        setNext(page.next);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [fetchPage]);

  async function older() {
    if (!next) return;
    setBusy(true);
    try {
      const page = await fetchPage(next);
      setEvents((e) => [...(e ?? []), ...page.events]);
      setNext(page.next);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="acct-audit">
      <label className="acct-filter">
        Action
        <select value={action} onChange={(e) => setAction(ACTIONS.find((a) => a === e.target.value) ?? '')}>
          <option value="">Every action</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {ACTION_WORDS[a]}
            </option>
          ))}
        </select>
      </label>
      <Alert message={error} />
      {events === null ? (
        !error && <p className="muted">Loading…</p>
      ) : events.length === 0 ? (
        <p className="muted">Nothing recorded{action ? ' for this action' : ''} yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="acct-table acct-audit-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">What</th>
                {showSubject && <th scope="col">Account</th>}
                <th scope="col">Target</th>
                <th scope="col">Address</th>
                <th scope="col">Request</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td>
                    <time dateTime={e.at}>{formatTime(e.at)}</time>
                  </td>
                  <th scope="row">
                    {ACTION_WORDS[e.action] ?? e.action}
                    {e.actor.kind !== 'user' && <span className="muted"> by {actorWords(e.actor)}</span>}
                  </th>
                  {showSubject && <td className="acct-id">{e.subjectUserId ?? '—'}</td>}
                  <td className="acct-id">{targetWords(e.target)}</td>
                  <td className="acct-id">{e.ip ?? '—'}</td>
                  <td className="acct-id">{e.requestId ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" className="button" onClick={older} disabled={busy}>
          {busy ? 'Loading…' : 'Older'}
        </button>
      )}
    </div>
  );
}
