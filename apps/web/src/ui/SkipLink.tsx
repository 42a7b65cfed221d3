import type { MouseEvent, ReactNode } from 'react';

/** Sent (bubbling) to a skip link's target before it is focused: a hidden tab panel around it shows itself (Tabs.tsx). */
export const REVEAL_EVENT = 'studio:reveal';

/**
 * The first stop for Tab: jumps past everything before the element with this id and focuses it. Not a
 * plain `#id` link: the app's routes live in the hash, which that would overwrite.
 */
export function SkipLink({ target, children }: { target: string; children: ReactNode }) {
  const skip = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    const el = document.getElementById(target);
    if (!el) return;
    el.dispatchEvent(new CustomEvent(REVEAL_EVENT, { bubbles: true }));
    el.focus();
  };
  return (
    <a className="skip-link" href={`#${target}`} onClick={skip}>
      {children}
    </a>
  );
}
