import { type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';
import { flushSync } from 'react-dom';
import { REVEAL_EVENT } from './SkipLink';
import { tabAfterKey } from './tab-keys';

export interface TabItem<T extends string> {
  id: T;
  label: string;
  /** Shown after the label (a status dot, a count); part of the tab's name for screen readers. */
  note?: ReactNode;
}

const tabId = (prefix: string, id: string) => `${prefix}-tab-${id}`;
const panelId = (prefix: string, id: string) => `${prefix}-panel-${id}`;

/**
 * A strip of tabs (WAI-ARIA tabs with automatic activation): one stop for Tab, the arrows (and Home/End)
 * move between tabs and select as they go. The strip scrolls sideways by itself when its tabs do not fit
 * (a phone), keeping the selected one in view, so the page never grows wider than the window.
 */
export function TabStrip<T extends string>({ prefix, label, tabs, selected, onSelect }: { prefix: string; label: string; tabs: TabItem<T>[]; selected: T; onSelect: (id: T) => void }) {
  const strip = useRef<HTMLDivElement>(null);
  useEffect(() => {
    strip.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [selected]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = tabAfterKey(
      e.key,
      tabs.findIndex((t) => t.id === selected),
      tabs.length,
    );
    if (next === null) return;
    e.preventDefault();
    onSelect(tabs[next].id);
    document.getElementById(tabId(prefix, tabs[next].id))?.focus();
  };

  return (
    <div ref={strip} className="tab-strip" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={tabId(prefix, t.id)}
          aria-controls={panelId(prefix, t.id)}
          aria-selected={t.id === selected}
          tabIndex={t.id === selected ? 0 : -1}
          className="tab"
          onClick={() => onSelect(t.id)}
        >
          {t.label}
          {t.note}
        </button>
      ))}
    </div>
  );
}

/**
 * What one tab shows. A hidden panel stays mounted (an iframe keeps its page, a draft its words) and is out of
 * the Tab order. An element inside it that a skip link targets (SkipLink's reveal event) selects it first.
 * `role: false` renders the same box without the tab semantics (the chat beside the tabs on a wide screen).
 */
export function TabPanel({
  prefix,
  id,
  selected,
  onReveal,
  className,
  role = true,
  children,
}: {
  prefix: string;
  id: string;
  selected: boolean;
  onReveal: () => void;
  className?: string;
  role?: boolean;
  children: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const reveal = useRef(onReveal);
  reveal.current = onReveal;
  useEffect(() => {
    const el = box.current;
    // Rendered now, so the caller can focus its target right after the event.
    const on = () => flushSync(() => reveal.current());
    el?.addEventListener(REVEAL_EVENT, on);
    return () => el?.removeEventListener(REVEAL_EVENT, on);
  }, []);
  return role ? (
    <div ref={box} id={panelId(prefix, id)} role="tabpanel" aria-labelledby={tabId(prefix, id)} tabIndex={0} hidden={!selected} className={className}>
      {children}
    </div>
  ) : (
    <div ref={box} className={className}>
      {children}
    </div>
  );
}
