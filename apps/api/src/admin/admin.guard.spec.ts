import type { ExecutionContext } from '@nestjs/common';
import type { UserEntity } from '@studio/data';
import type { Principal } from '../auth/principal.js';
import { AdminGuard } from './admin.guard.js';

const ADMIN = '11111111-1111-4111-8111-111111111111';
const PERSON = '22222222-2222-4222-8222-222222222222';
const DISABLED_ADMIN = '33333333-3333-4333-8333-333333333333';

const accounts = new Map<string, Pick<UserEntity, 'role' | 'disabledAt'>>([
  [ADMIN, { role: 'admin', disabledAt: null }],
  [PERSON, { role: 'user', disabledAt: null }],
  [DISABLED_ADMIN, { role: 'admin', disabledAt: new Date() }],
]);
const guard = new AdminGuard({ findById: async (id: string) => (accounts.get(id) ?? null) as UserEntity | null });

const session = (userId: string): Principal => ({ userId, via: 'jwt', sessionId: 's1', expiresAt: Date.now() + 60_000 });
const apiKey = (userId: string): Principal => ({ userId, via: 'api_key', apiKeyId: 'k1' });

function contextOf(principal: Principal | undefined): ExecutionContext {
  const req = { principal };
  return { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
}

const refusal = (principal: Principal | undefined) =>
  guard.canActivate(contextOf(principal)).then(
    () => 'allowed',
    (err: { code?: string }) => err.code,
  );

describe('AdminGuard', () => {
  it('lets a signed-in admin through', async () => {
    expect(await refusal(session(ADMIN))).toBe('allowed');
  });

  it('refuses a signed-in person who is not an admin with ADMIN_ONLY', async () => {
    expect(await refusal(session(PERSON))).toBe('ADMIN_ONLY');
  });

  it("refuses an API key, an admin's included", async () => {
    expect(await refusal(apiKey(PERSON))).toBe('ADMIN_ONLY');
    expect(await refusal(apiKey(ADMIN))).toBe('ADMIN_ONLY');
  });

  it('refuses a disabled admin and an account that no longer exists', async () => {
    expect(await refusal(session(DISABLED_ADMIN))).toBe('ADMIN_ONLY');
    expect(await refusal(session('44444444-4444-4444-8444-444444444444'))).toBe('ADMIN_ONLY');
  });

  it('refuses a caller nobody authenticated as UNAUTHORIZED', async () => {
    expect(await refusal(undefined)).toBe('UNAUTHORIZED');
  });
});
