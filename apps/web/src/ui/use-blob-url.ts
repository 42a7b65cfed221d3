import { useEffect, useState } from 'react';
import { request } from '../api/client';

/**
 * Bytes the page may only read with the person's credential (a project file, a chat picture), as a blob: URL
 * an <img> can show (the CSP allows img-src blob:). Revoked when the URL changes or the component goes.
 * `type` relabels the bytes: the API sends project files as application/octet-stream, which a browser will
 * not draw as SVG. `failed` lets the caller show why nothing appears.
 */
export function useBlobUrl(url: string | null, type?: string): { src: string | null; failed: boolean } {
  const [state, setState] = useState<{ src: string | null; failed: boolean }>({ src: null, failed: false });
  useEffect(() => {
    setState({ src: null, failed: false });
    if (!url) return;
    let live = true;
    let objectUrl: string | null = null;
    request('GET', url)
      .then((res) => res.blob())
      .then((blob) => {
        if (!live) return;
        objectUrl = URL.createObjectURL(type ? new Blob([blob], { type }) : blob);
        setState({ src: objectUrl, failed: false });
      })
      .catch(() => live && setState({ src: null, failed: true }));
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url, type]);
  return state;
}
