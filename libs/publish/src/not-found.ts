import { escapeText, oneLine } from './html-escape.js';

/**
 * The 404 page of a site whose build made none: self-contained (inline style, no font, script or image), so
 * it costs one request and leaks nothing to a third party; not to be indexed; a link back to the home page.
 */
export function notFoundPage(siteTitle: string): string {
  const title = escapeText(oneLine(siteTitle));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Page not found${title ? ` · ${title}` : ''}</title>
<style>
  html { color-scheme: light dark; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: center; }
  main { padding: 2rem; max-width: 32rem; }
  h1 { font-size: 4rem; margin: 0; letter-spacing: -0.02em; }
  p { opacity: 0.75; }
  a { color: inherit; font-weight: 600; }
</style>
</head>
<body>
<main>
  <h1>404</h1>
  <p>This page does not exist${title ? ` on ${title}` : ''}.</p>
  <p><a href="/">Go to the home page</a></p>
</main>
</body>
</html>
`;
}
