/** Who is calling: a user, through a sign-in session (JWT) or an API key. */
export type Principal =
  | { userId: string; via: 'jwt'; sessionId: string }
  | { userId: string; via: 'api_key'; apiKeyId: string };
