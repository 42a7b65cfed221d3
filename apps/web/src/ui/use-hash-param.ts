import { useSyncExternalStore } from 'react';
import { hashParam, withHashParam } from './hash-params';

// Parameters are set with history.replaceState (a tab is a view of the same page, not a step the Back button
// should walk through), which fires no hashchange: setters tell the subscribers themselves.
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('hashchange', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('hashchange', listener);
  };
}

const currentHash = () => location.hash;

/** Sets one parameter of the hash's query in place (no new history entry). */
export function setHashParam(name: string, value: string | null): void {
  const next = withHashParam(location.hash, name, value);
  if (next === location.hash) return;
  history.replaceState(history.state, '', next);
  for (const listener of listeners) listener();
}

/** One parameter of the hash's query, kept current as the address changes. */
export function useHashParam(name: string): string | null {
  return hashParam(useSyncExternalStore(subscribe, currentHash), name);
}
