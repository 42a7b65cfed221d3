/**
 * Removes credentials from a text that is shown or stored (a provider's error about a person's key): the
 * known secrets themselves, anything shaped like a key (`sk-...`, a bearer token, a long unbroken token), control
 * characters, and everything past `max` characters. Providers quote the key they refused, partly or whole
 * ("Incorrect API key provided: sk-abc***wxyz"), so masking only the exact key would not be enough.
 */
export function maskSecrets(text: string, known: readonly string[] = [], max = 300): string {
  let out = text;
  for (const secret of known) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  out = maskAuthorization(out)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\b(?:sk|pk|rk|ak|key|api|token)[-_][A-Za-z0-9*_.-]{4,}/gi, '[redacted]')
    .replace(/[A-Za-z0-9*_\-+/=]{24,}/g, '[redacted]')
    .trim();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** `Bearer <token>` and `Basic <credentials>` in free text, the scheme kept: the rule maskSecrets and the logs share. */
export function maskAuthorization(text: string): string {
  return text.replace(/\b(bearer|basic)\s+[^\s,;"']+/gi, '$1 [redacted]');
}
