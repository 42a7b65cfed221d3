import { type FormEvent, useState } from 'react';
import { ApiError, authenticate } from '../api/client';
import type { Session } from '../api/session';
import { Alert } from '../ui/Alert';

/** Sign up or sign in: one form, two modes. */
export function AuthPage({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [mode, setMode] = useState<'register' | 'login'>('register');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await authenticate(mode, email.trim(), password));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The server could not be reached. Try again in a moment.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth">
      <form className="auth-card" onSubmit={submit} aria-labelledby="auth-title">
        <h1 id="auth-title">{mode === 'register' ? 'Create your account' : 'Welcome back'}</h1>
        <p className="muted">Describe a landing page in plain words and watch it being built.</p>
        <label>
          Email
          <input type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" autoComplete={mode === 'register' ? 'new-password' : 'current-password'} required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <Alert message={error} />
        <button className="button primary" type="submit" disabled={busy}>
          {busy ? 'One moment…' : mode === 'register' ? 'Sign up' : 'Sign in'}
        </button>
        <button type="button" className="link" onClick={() => setMode(mode === 'register' ? 'login' : 'register')}>
          {mode === 'register' ? 'Already have an account? Sign in' : 'New here? Create an account'}
        </button>
      </form>
    </main>
  );
}
