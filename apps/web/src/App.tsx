import type { UserView } from '@studio/contracts';
import { useEffect, useState } from 'react';
import { ActivityPage } from './account/ActivityPage';
import { KeysPage } from './account/KeysPage';
import { UsagePage } from './account/UsagePage';
import { AdminPage } from './admin/AdminPage';
import { api, signOut as endSession, whenSignedOut } from './api/client';
import { loadSession, type Session } from './api/session';
import { AuthPage } from './pages/AuthPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { WorkspacePage } from './pages/WorkspacePage';
import { SkipLink } from './ui/SkipLink';

/**
 * Where the page is, in the URL's hash: `#/` (projects), `#/p/<projectId>` (a workspace, `?tab=…` its view),
 * `#/usage`, `#/settings` (own model keys), `#/activity` (the person's audit trail) or `#/admin` (`?tab=…`).
 */
function useRoute(): [string, (to: string) => void] {
  const [hash, setHash] = useState(location.hash || '#/');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/');
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return [hash, (to) => (location.hash = to)];
}

const PAGES = [
  { id: 'usage', label: 'Usage' },
  { id: 'settings', label: 'Keys' },
  { id: 'activity', label: 'Activity' },
  { id: 'admin', label: 'Admin' },
] as const;
type PageId = (typeof PAGES)[number]['id'];
const pageOf = (route: string): PageId | null => {
  const name = /^#\/([a-z]+)(?:\?.*)?$/.exec(route)?.[1];
  return PAGES.find((p) => p.id === name)?.id ?? null;
};

/** The signed-in person's role, from the API (the session kept in the page holds only an email): null until known. */
function useRole(email: string | undefined): UserView['role'] | null {
  const [role, setRole] = useState<UserView['role'] | null>(null);
  useEffect(() => {
    setRole(null);
    if (!email) return;
    let live = true;
    api<UserView>('GET', '/api/auth/me').then(
      (me) => live && setRole(me.role ?? 'user'),
      () => live && setRole('user'),
    );
    return () => {
      live = false;
    };
  }, [email]);
  return role;
}

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [route, go] = useRoute();
  const role = useRole(session?.email);
  useEffect(() => {
    whenSignedOut(() => setSession(null));
  }, []);

  if (!session) return <AuthPage onSignedIn={setSession} />;
  // The signed-out page shows once the server has ended the session and cleared its cookies, not before: a
  // person who closes the tab on "Create your account" must not leave a live session behind.
  const signOut = () => {
    void endSession().then(() => {
      setSession(null);
      go('#/');
    });
  };
  const workspace = /^#\/p\/([0-9a-f-]{36})(?:\?.*)?$/.exec(route);
  const page = pageOf(route);
  // The admin link shows only to an admin; anyone may still open #/admin and read the API's refusal there.
  const links = PAGES.filter((p) => p.id !== 'admin' || role === 'admin');
  return (
    <div className="app">
      {/* ChatPanel's message box. */}
      {workspace && <SkipLink target="message">Skip to the message box</SkipLink>}
      <header className="topbar">
        <a className="brand" href="#/">
          <span className="brand-mark" aria-hidden="true" />
          Studio
        </a>
        <nav className="topbar-nav" aria-label="Account">
          {links.map((p) => (
            <a key={p.id} href={`#/${p.id}`} aria-current={page === p.id ? 'page' : undefined}>
              {p.label}
            </a>
          ))}
        </nav>
        <span className="topbar-user">{session.email}</span>
        <button type="button" className="button ghost small" onClick={signOut}>
          Sign out
        </button>
      </header>
      {workspace ? (
        <WorkspacePage key={workspace[1]} projectId={workspace[1]} />
      ) : page === 'usage' ? (
        <UsagePage />
      ) : page === 'settings' ? (
        <KeysPage />
      ) : page === 'activity' ? (
        <ActivityPage />
      ) : page === 'admin' ? (
        role === null ? (
          <main className="loading">Loading…</main>
        ) : (
          <AdminPage isAdmin={role === 'admin'} />
        )
      ) : (
        <ProjectsPage open={(id) => go(`#/p/${id}`)} />
      )}
    </div>
  );
}
