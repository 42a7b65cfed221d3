/**
 * Who is calling: a user, through a sign-in session (JWT) or an API key. `expiresAt` (epoch ms) is when the
 * access token stops being valid, so a long-lived connection (a socket) can end with it.
 */
export type Principal = { userId: string; via: 'jwt'; sessionId: string; expiresAt: number } | { userId: string; via: 'api_key'; apiKeyId: string };

/** The revocable thing behind a principal: its sign-in session or its API key. */
export type CredentialRef = { kind: 'session'; id: string } | { kind: 'api_key'; id: string };

export const credentialOf = (p: Principal): CredentialRef => (p.via === 'jwt' ? { kind: 'session', id: p.sessionId } : { kind: 'api_key', id: p.apiKeyId });
