import { useEffect, useRef, useState } from 'react';
import { LatestEvery } from './throttle';

/** ~10 renders a second while a reply streams: smooth to read, and the Markdown is parsed a few times a second, not per delta. */
export const STREAM_RENDER_MS = 100;

/** `value` as shown: while `live`, at most once per `intervalMs` (the newest); once not live, at once. */
export function useThrottled<T>(value: T, live: boolean, intervalMs = STREAM_RENDER_MS): T {
  const [shown, setShown] = useState(value);
  const throttle = useRef<LatestEvery<T> | null>(null);
  throttle.current ??= new LatestEvery<T>(intervalMs, setShown);
  useEffect(() => () => throttle.current?.cancel(), []);
  useEffect(() => {
    throttle.current?.push(value);
    if (!live) throttle.current?.flush();
  }, [value, live]);
  return live ? shown : value;
}
