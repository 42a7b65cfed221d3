import type { CookieOptions, Response } from 'express';
import { readCookie, SessionCookies, sameOriginSessionCookie } from './session-cookies.js';

describe('readCookie', () => {
  it('finds one cookie among others, decoded', () => {
    expect(readCookie('a=1; studio_session=eyJ.x.y; b=2', 'studio_session')).toBe('eyJ.x.y');
    expect(readCookie('studio_refresh=rt_%2Fx', 'studio_refresh')).toBe('rt_/x');
  });

  it('is null for a missing, empty, look-alike or undecodable cookie', () => {
    expect(readCookie(undefined, 'studio_session')).toBeNull();
    expect(readCookie('x_studio_session=1; studio_sessionx=2', 'studio_session')).toBeNull();
    expect(readCookie('studio_session=', 'studio_session')).toBeNull();
    expect(readCookie('studio_session=%E0%A4%A', 'studio_session')).toBeNull();
  });
});

describe('sameOriginSessionCookie (the Socket.IO handshake)', () => {
  const cookie = 'studio_session=tok';
  it('uses the cookie only when the page opening the socket is the API origin', () => {
    expect(sameOriginSessionCookie({ host: 'localhost:3000', origin: 'http://localhost:3000', cookie })).toBe('tok');
    expect(sameOriginSessionCookie({ host: 'localhost:3000', origin: 'http://evil.example', cookie })).toBeNull();
    expect(sameOriginSessionCookie({ host: 'localhost:3000', cookie })).toBeNull();
  });
});

describe('SessionCookies', () => {
  const recorder = () => {
    const set: [string, string, CookieOptions][] = [];
    const cleared: [string, CookieOptions][] = [];
    const res = { cookie: (n: string, v: string, o: CookieOptions) => set.push([n, v, o]), clearCookie: (n: string, o: CookieOptions) => cleared.push([n, o]) };
    return { res: res as unknown as Response, set, cleared };
  };
  const tokens = { accessToken: 'a', refreshToken: 'rt_b', expiresIn: 900 };

  it("sets HttpOnly SameSite=Strict host-only cookies, Secure only behind https, each on its path and for its token's life", () => {
    for (const [url, secure] of [
      ['http://localhost:3000', false],
      ['https://studio.example', true],
    ] as const) {
      const { res, set } = recorder();
      new SessionCookies({ PUBLIC_URL: url, REFRESH_TOKEN_TTL: 3600 }).set(res, tokens);
      expect(set).toEqual([
        ['studio_session', 'a', { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 900_000 }],
        ['studio_refresh', 'rt_b', { httpOnly: true, sameSite: 'strict', secure, path: '/api/auth', maxAge: 3_600_000 }],
      ]);
    }
  });

  it('clears both on the paths they were set on (a cookie is only cleared on its own path)', () => {
    const { res, cleared } = recorder();
    new SessionCookies({ PUBLIC_URL: 'http://localhost:3000', REFRESH_TOKEN_TTL: 3600 }).clear(res);
    expect(cleared.map(([name, o]) => [name, o.path])).toEqual([
      ['studio_session', '/'],
      ['studio_refresh', '/api/auth'],
    ]);
  });
});
