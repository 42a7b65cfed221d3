import type { Env } from '@studio/config';
import { DomainError } from '../common/domain-error.js';

/** The addresses of ADMIN_EMAILS, as emails are stored (trimmed, lower-cased). */
export function adminEmails(env: Pick<Env, 'ADMIN_EMAILS'>): string[] {
  return env.ADMIN_EMAILS.split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
}

/** Such an email signing up becomes the first admin, only while no admin exists (README "Admin"). */
export const isAdminEmail = (env: Pick<Env, 'ADMIN_EMAILS'>, email: string) => adminEmails(env).includes(email.trim().toLowerCase());

/** The one refusal of a disabled account (sign-in, refresh, admin routes). */
export const accountDisabled = () => new DomainError('ACCOUNT_DISABLED', 'This account is disabled; ask an administrator.');
