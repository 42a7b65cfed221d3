import { AuditList } from './AuditList';
import './account.css';

/** `#/activity`: the person's own audit trail (sign-ins, keys, projects, what admins did to the account). */
export function ActivityPage() {
  return (
    <main className="acct-page">
      <div className="acct-head">
        <h1>Activity</h1>
      </div>
      <p className="muted">What was done with your account, newest first: sign-ins (and failed ones), keys, projects, publishing, and any change an admin made.</p>
      <section className="panel" aria-label="Your activity">
        <AuditList path="/api/audit" />
      </section>
    </main>
  );
}
