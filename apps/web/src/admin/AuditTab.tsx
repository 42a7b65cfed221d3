import { useState } from 'react';
import { AuditList } from '../account/AuditList';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Everyone's audit trail, optionally one person's (their id, as the Users tab and the trail's Account column show it). */
export function AuditTab() {
  const [text, setText] = useState('');
  const userId = UUID.test(text.trim()) ? text.trim().toLowerCase() : undefined;
  const problem = text.trim() && !userId ? 'A user id looks like 1b2c3d4e-…: 36 characters.' : null;
  return (
    <div className="admin-tab">
      <label htmlFor="admin-audit-user">
        User id (empty: everyone)
        <input id="admin-audit-user" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} aria-invalid={problem ? true : undefined} aria-describedby="admin-audit-user-note" />
        <span id="admin-audit-user-note" className={problem ? 'error field-error' : 'muted field-error'}>
          {problem ?? (userId ? 'Showing this person’s trail.' : 'Showing everyone’s trail.')}
        </span>
      </label>
      <AuditList path="/api/admin/audit" userId={userId} showSubject />
    </div>
  );
}
