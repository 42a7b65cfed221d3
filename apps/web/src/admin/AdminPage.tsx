import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { TabPanel, TabStrip } from '../ui/Tabs';
import { setHashParam, useHashParam } from '../ui/use-hash-param';
import { AuditTab } from './AuditTab';
import { adminApi } from './admin-api';
import { MaintenanceTab } from './MaintenanceTab';
import { PreviewsTab } from './PreviewsTab';
import { QueuesTab } from './QueuesTab';
import { UsersTab } from './UsersTab';
import '../account/account.css';
import './admin.css';

const TABS = [
  { id: 'users', label: 'Users' },
  { id: 'queues', label: 'Queues' },
  { id: 'previews', label: 'Previews' },
  { id: 'maintenance', label: 'Maintenance' },
  { id: 'audit', label: 'Audit' },
] as const;
type AdminTab = (typeof TABS)[number]['id'];

type Gate = { kind: 'open' } | { kind: 'checking' } | { kind: 'refused'; message: string };

/**
 * Only an admin sees the tabs. For anyone else the API decides (the role the page knows may be stale): one
 * call, and its refusal (403 ADMIN_ONLY) is what the page says.
 */
function useAdminGate(isAdmin: boolean): Gate {
  const [gate, setGate] = useState<Gate>(isAdmin ? { kind: 'open' } : { kind: 'checking' });
  useEffect(() => {
    if (isAdmin) return setGate({ kind: 'open' });
    setGate({ kind: 'checking' });
    let live = true;
    adminApi.users('').then(
      () => live && setGate({ kind: 'open' }),
      (e: unknown) => live && setGate({ kind: 'refused', message: e instanceof ApiError && e.code === 'ADMIN_ONLY' ? e.message : errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [isAdmin]);
  return gate;
}

/** `#/admin?tab=…`: users, queues, previews, maintenance runs and everyone's audit trail. */
export function AdminPage({ isAdmin }: { isAdmin: boolean }) {
  const picked = useHashParam('tab');
  const tab: AdminTab = TABS.find((t) => t.id === picked)?.id ?? 'users';
  const gate = useAdminGate(isAdmin);

  if (gate.kind === 'checking') return <main className="acct-page loading">Checking your role…</main>;
  if (gate.kind === 'refused')
    return (
      <main className="acct-page">
        <h1>Admin</h1>
        <div className="panel admin-refused" role="alert">
          <strong>Admins only.</strong> {gate.message}
          <p>
            <a href="#/">Back to your projects</a>
          </p>
        </div>
      </main>
    );

  return (
    <main className="acct-page admin-page">
      <h1>Admin</h1>
      <TabStrip prefix="admin" label="Admin" tabs={[...TABS]} selected={tab} onSelect={(id) => setHashParam('tab', id)} />
      {TABS.map((t) => (
        <TabPanel key={t.id} prefix="admin" id={t.id} selected={tab === t.id} onReveal={() => setHashParam('tab', t.id)} className="admin-panel">
          {tab === t.id && (t.id === 'users' ? <UsersTab /> : t.id === 'queues' ? <QueuesTab /> : t.id === 'previews' ? <PreviewsTab /> : t.id === 'maintenance' ? <MaintenanceTab /> : <AuditTab />)}
        </TabPanel>
      ))}
    </main>
  );
}
