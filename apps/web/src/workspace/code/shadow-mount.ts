import { useEffect, useState } from 'react';

/**
 * A place inside a shadow root for CodeMirror to mount in. The client's CSP allows styles only from its own
 * stylesheet (`style-src 'self'`, apps/api common/security-headers.ts), and CodeMirror writes its styles at run
 * time: into a <style> element when it is mounted in the document, which the CSP refuses (an unstyled editor and
 * a console error), but into a constructed stylesheet when it is mounted in a shadow root, which CSP does not
 * govern. So the editors live in a shadow root, and no 'unsafe-inline' is needed for them.
 */
export interface ShadowMount {
  root: ShadowRoot;
  parent: HTMLElement;
}

/** The mount point inside `host`'s (open) shadow root, once the host is in the page. */
export function useShadowMount(host: HTMLElement | null): ShadowMount | null {
  const [mount, setMount] = useState<ShadowMount | null>(null);
  useEffect(() => {
    if (!host) return;
    // A host keeps its shadow root for good (attachShadow throws the second time, as under StrictMode's re-run).
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    parent.className = 'cm-host';
    // The page's stylesheet does not reach in here; CSSOM styles are not inline markup, so the CSP allows them.
    parent.style.height = '100%';
    root.append(parent);
    setMount({ root, parent });
    return () => {
      parent.remove();
      setMount(null);
    };
  }, [host]);
  return mount;
}
