import type { AuditAction, AuditEventView } from '@studio/contracts';

/** Each audited action in words (every one of libs/contracts AUDIT_ACTIONS: the record makes a missing one fail to compile). */
export const ACTION_WORDS: Record<AuditAction, string> = {
  'auth.signed_up': 'Signed up',
  'auth.signed_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'auth.refresh_reused': 'A used session token came back (session ended)',
  'auth.signed_out': 'Signed out',
  'api_key.created': 'API key created',
  'api_key.revoked': 'API key revoked',
  'provider_key.saved': 'Model key saved',
  'provider_key.deleted': 'Model key deleted',
  'project.created': 'Project created',
  'project.renamed': 'Project renamed',
  'project.deleted': 'Project deleted',
  'version.restored': 'Version restored',
  'site.published': 'Site published',
  'site.rolled_back': 'Site rolled back',
  'budget.changed': 'Budget changed',
  'role.changed': 'Role changed',
  'user.disabled': 'Account disabled',
  'user.enabled': 'Account enabled',
  'admin.users_listed': 'Admin listed users',
  'admin.user_viewed': 'Admin viewed a user',
  'admin.queues_viewed': 'Admin viewed the queues',
  'admin.job_retried': 'Admin retried a job',
  'admin.job_discarded': 'Admin discarded a job',
  'admin.previews_viewed': 'Admin viewed the previews',
  'admin.audit_viewed': 'Admin read the audit trail',
  'admin.maintenance_viewed': 'Admin viewed maintenance runs',
};

/** The actions in the order the filter lists them. */
export const ACTIONS = Object.keys(ACTION_WORDS) as AuditAction[];

const ACTORS: Record<AuditEventView['actor']['kind'], string> = { user: 'you', admin: 'an admin', system: 'the platform', anonymous: 'someone not signed in' };

/** `an admin`, `the platform`...: who acted, when it was not the person themselves it matters. */
export const actorWords = (actor: AuditEventView['actor']): string => ACTORS[actor.kind];

/** `project 1b2c…` or `—`: what the action was done to. */
export const targetWords = (target: AuditEventView['target']): string => (target ? `${target.type} ${target.id}` : '—');
