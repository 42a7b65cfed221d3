import { useEffect, useState } from 'react';
import { signOut as endSession, whenSignedOut } from './api/client';
import { loadSession, type Session } from './api/session';
import { AuthPage } from './pages/AuthPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { WorkspacePage } from './pages/WorkspacePage';
import { SkipLink } from './ui/SkipLink';

/** Where the page is, in the URL's hash: `#/` (projects) or `#/p/<projectId>` (a workspace, `?tab=…` its view). */
function useRoute(): [string, (to: string) => void] {
  const [hash, setHash] = useState(location.hash || '#/');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/');
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return [hash, (to) => (location.hash = to)];
}

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [route, go] = useRoute();
  useEffect(() => {
    whenSignedOut(() => setSession(null));
  }, []);

  if (!session) return <AuthPage onSignedIn={setSession} />;
  const signOut = () => {
    void endSession();
    setSession(null);
    go('#/');
  };
  const workspace = /^#\/p\/([0-9a-f-]{36})(?:\?.*)?$/.exec(route);
  return (
    <div className="app">
      {/* ChatPanel's message box. */}
      {workspace && <SkipLink target="message">Skip to the message box</SkipLink>}
      <header className="topbar">
        <a className="brand" href="#/">
          <span className="brand-mark" aria-hidden="true" />
          Studio
        </a>
        <span className="topbar-user">{session.email}</span>
        <button type="button" className="button ghost small" onClick={signOut}>
          Sign out
        </button>
      </header>
      {workspace ? <WorkspacePage key={workspace[1]} projectId={workspace[1]} /> : <ProjectsPage open={(id) => go(`#/p/${id}`)} />}
    </div>
  );
}
