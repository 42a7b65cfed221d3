import type { AdminUserView } from '@studio/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { AuditList } from '../account/AuditList';
import { BudgetMeter } from '../account/BudgetMeter';
import { formatTime, formatUsd } from '../account/format';
import { errorMessage } from '../api/client';
import { Alert } from '../ui/Alert';
import { adminApi } from './admin-api';
import { budgetInputProblem } from './budget-input';

/** One person, for an admin: disable or enable (after a confirmation), their budget, their role, their trail. */
function UserDetail({ initial, onChanged, onClose }: { initial: AdminUserView; onChanged: (u: AdminUserView) => void; onClose: () => void }) {
  const [user, setUser] = useState(initial);
  const [confirming, setConfirming] = useState(false);
  const [budget, setBudget] = useState(initial.budget.overridden && initial.budget.monthlyUsd !== null ? String(initial.budget.monthlyUsd) : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const title = useRef<HTMLHeadingElement>(null);

  // Opened from the list: the keyboard goes where the detail is.
  useEffect(() => title.current?.focus(), []);
  useEffect(() => {
    // Fresh figures (and the view is audited as admin.user_viewed).
    adminApi.user(initial.id).then(setUser, (e: unknown) => setError(errorMessage(e)));
  }, [initial.id]);

  async function act(what: string, call: () => Promise<AdminUserView>) {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const next = await call();
      setUser(next);
      onChanged(next);
      setNote(what);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  const budgetProblem = budgetInputProblem(budget);
  const saveBudget = (e: FormEvent) => {
    e.preventDefault();
    if (budgetProblem) return;
    const monthlyUsd = budget.trim() === '' ? null : Number(budget);
    void act(monthlyUsd === null ? 'Budget back to the default.' : `Budget set to ${formatUsd(monthlyUsd)}.`, () => adminApi.setBudget(user.id, { monthlyUsd }));
  };
  const disabled = user.disabledAt !== null;

  return (
    <section className="panel admin-user" aria-labelledby="admin-user-title">
      <div className="panel-head">
        <h2 id="admin-user-title" className="acct-name" ref={title} tabIndex={-1}>
          {user.email}
        </h2>
        <button type="button" className="button ghost small" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted small-note">
        {user.role === 'admin' ? 'Admin' : 'User'} · {user.projects} {user.projects === 1 ? 'project' : 'projects'} · since {formatTime(user.createdAt)}
        {disabled && ` · disabled ${formatTime(user.disabledAt)}`}
      </p>
      <div className="row">
        {confirming ? (
          <>
            <span className="acct-confirm">{disabled ? `Enable ${user.email}? They can sign in again.` : `Disable ${user.email}? Their sessions, sockets and previews stop at once.`}</span>
            <button
              type="button"
              className={`button small ${disabled ? 'primary' : 'acct-danger'}`}
              disabled={busy}
              onClick={() => act(disabled ? 'Account enabled.' : 'Account disabled.', () => (disabled ? adminApi.enable(user.id) : adminApi.disable(user.id)))}
            >
              {disabled ? 'Yes, enable' : 'Yes, disable'}
            </button>
            <button type="button" className="button ghost small" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className="button" onClick={() => setConfirming(true)} disabled={busy}>
            {disabled ? 'Enable…' : 'Disable…'}
          </button>
        )}
        <label className="admin-role">
          Role
          <select value={user.role} disabled={busy} onChange={(e) => act('Role changed.', () => adminApi.setRole(user.id, { role: e.target.value === 'admin' ? 'admin' : 'user' }))}>
            <option value="user">User</option>
            <option value="admin">Admin</option>
          </select>
        </label>
      </div>
      <Alert message={error} />
      {note && (
        <p className="acct-saved" role="status">
          {note}
        </p>
      )}
      <h3>This month</h3>
      <BudgetMeter budget={user.budget} />
      <form className="row" onSubmit={saveBudget}>
        <label htmlFor="admin-budget">
          Monthly budget in USD (empty: the default)
          <input
            id="admin-budget"
            inputMode="decimal"
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            aria-invalid={budgetProblem ? true : undefined}
            aria-describedby="admin-budget-note"
          />
        </label>
        <button type="submit" className="button" disabled={busy || budgetProblem !== null}>
          Set budget
        </button>
        <span id="admin-budget-note" className={budgetProblem ? 'error field-error' : 'muted field-error'}>
          {budgetProblem ?? (user.budget.overridden ? 'Set for this person.' : 'The configured default applies.')}
        </span>
      </form>
      <details className="admin-user-audit">
        <summary>Their activity</summary>
        <AuditList path="/api/admin/audit" userId={user.id} />
      </details>
    </section>
  );
}

/** Accounts: search by email, role, disabled, this month's spend against budget; one opens its detail. */
export function UsersTab() {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<{ users: AdminUserView[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<AdminUserView | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    adminApi.users(query).then(
      (p) => live && setPage(p),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [query]);

  const changed = (u: AdminUserView) => setPage((p) => p && { ...p, users: p.users.map((x) => (x.id === u.id ? u : x)) });

  return (
    <div className="admin-tab">
      <form
        className="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(q);
        }}
      >
        <label htmlFor="admin-search" className="grow">
          Email contains
          <input id="admin-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} maxLength={200} />
        </label>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <Alert message={error} />
      {page && (
        <>
          <p className="muted small-note">
            {page.total} {page.total === 1 ? 'account' : 'accounts'}
            {page.users.length < page.total && `, the first ${page.users.length} shown`}
          </p>
          <div className="table-scroll">
            <table className="acct-table admin-users">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">State</th>
                  <th scope="col">Spent / budget</th>
                </tr>
              </thead>
              <tbody>
                {page.users.map((u) => (
                  <tr key={u.id} data-email={u.email}>
                    <th scope="row" className="acct-name">
                      <button type="button" className="link" onClick={() => setOpen(u)}>
                        {u.email}
                      </button>
                    </th>
                    <td>{u.role === 'admin' ? <span className="pill live">Admin</span> : 'User'}</td>
                    <td>{u.disabledAt ? <span className="pill bad">Disabled</span> : <span className="pill good">Active</span>}</td>
                    <td>
                      {formatUsd(u.budget.spentUsd)} / {u.budget.monthlyUsd === null ? 'no budget' : formatUsd(u.budget.monthlyUsd)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {open && <UserDetail key={open.id} initial={open} onChanged={changed} onClose={() => setOpen(null)} />}
    </div>
  );
}
