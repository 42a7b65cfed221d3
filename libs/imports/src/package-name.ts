/**
 * The npm package a bare specifier names ('react-dom/client' → 'react-dom', '@scope/pkg/x' → '@scope/pkg'),
 * or null for what is not a package: relative and absolute paths, URLs, Vite's virtual and `/@` ids.
 * `node:` built-ins come back as themselves, so the caller refuses them like any missing package.
 */
export function packageNameOf(specifier: string): string | null {
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) && !specifier.startsWith('node:')) return null; // http:, data:, virtual:
  if (specifier.startsWith('node:')) return specifier.split('/')[0];
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? (parts.length >= 2 ? `${parts[0]}/${parts[1]}` : null) : parts[0];
}
