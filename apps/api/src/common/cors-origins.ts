/**
 * CORS_ORIGINS as `cors` and Socket.IO take it: `*` reflects any origin (`true`), a list exactly those, and
 * nothing (the default) none, so a page on another origin cannot read an answer. Credentials are never
 * allowed cross-origin: the session cookie is for the API's own web client only.
 */
export function corsOrigins(setting: string): true | string[] {
  const value = setting.trim();
  if (value === '*') return true;
  return value ? value.split(',').map((origin) => origin.trim().replace(/\/$/, '')) : [];
}
