import fc from 'fast-check';
import { z } from 'zod';
import * as contract from './index.js';
import { nastyString as nasty } from './testing/nasty-strings.js';
import { isStorableText } from './text.js';

/**
 * Every body schema the contract exports, thrown random strings in each string field: it accepts the string
 * (and then what it hands on is storable text: Postgres refuses NUL, and an unpaired surrogate cannot be
 * encoded as UTF-8) or it refuses that field. A new body schema must be added to VALID, or this test fails.
 */
const VALID: Record<string, Record<string, unknown>> = {
  registerBodySchema: { email: 'someone@example.test', password: 'a long enough password' },
  loginBodySchema: { email: 'someone@example.test', password: 'a long enough password' },
  refreshBodySchema: { refreshToken: 'r'.repeat(43) },
  createApiKeyBodySchema: { name: 'ci' },
  createProjectBodySchema: { name: 'My page', templateId: 'landing' },
  updateProjectBodySchema: { name: 'My page' },
  sendMessageBodySchema: { message: 'Make it darker', model: 'openai:gpt-4.1', attachments: [{ uploadId: '0b7e7c1e-3f7a-4c59-9d0e-3c1b2a4d5e6f', use: 'reference' }] },
  createExportBodySchema: { kind: 'static', version: 2 },
  createWebhookBodySchema: { url: 'https://hooks.example.test/studio', events: ['turn.completed'], secret: 's'.repeat(32) },
  createUploadBodySchema: { fileName: 'Logo Final.png', contentType: 'image/png', size: 1234, purpose: 'asset', alt: 'The company logo', replaces: 'public/assets/logo.png' },
  updateAssetBodySchema: { path: 'public/assets/logo.png', alt: 'The company logo' },
  messageAttachmentSchema: { uploadId: '0b7e7c1e-3f7a-4c59-9d0e-3c1b2a4d5e6f', use: 'asset' },
  siteSettingsBodySchema: { slug: 'my-page', title: 'My page', description: 'The best page', imagePath: 'public/assets/hero.png', noindex: false },
  createDeploymentBodySchema: { version: 2 },
  rollbackBodySchema: { deploymentId: '0b7e7c1e-3f7a-4c59-9d0e-3c1b2a4d5e6f' },
  addDomainBodySchema: { domain: 'www.example.com' },
  sourceLocationSchema: { path: 'src/components/Hero.tsx', line: 12, column: 7 },
  pageEditBodySchema: {
    baseVersion: 3,
    location: { path: 'src/components/Hero.tsx', line: 12, column: 7 },
    owners: [{ path: 'src/App.tsx', line: 30, column: 9 }],
    target: { kind: 'text' },
    before: 'Every answer, in plain language.',
    after: 'Every answer — in plain English.',
  },
  nameVersionBodySchema: { name: 'Before the redesign' },
  instructionsBodySchema: { text: 'Write in British English. Always keep the pricing section.', baseVersion: 2 },
  adminUsersQuerySchema: { q: 'example.test', limit: 50, offset: 0 },
  adminBudgetBodySchema: { monthlyUsd: 25 },
  adminRoleBodySchema: { role: 'admin' },
  usageQuerySchema: { from: '2026-12-01', to: '2026-12-31', groupBy: 'project' },
  auditQuerySchema: { before: '1234', limit: 50, action: 'auth.signed_in', userId: '0b7e7c1e-3f7a-4c59-9d0e-3c1b2a4d5e6f' },
  providerKeyBodySchema: { apiKey: 'sk-proj-example-1234', baseUrl: 'https://llm.example.test/v1', model: 'meta-llama/Llama-3.1-8B', label: 'My proxy' },
};

const objectSchemas = Object.entries(contract as Record<string, unknown>).filter((entry): entry is [string, z.ZodObject] => entry[1] instanceof z.ZodObject);

/** Every string anywhere in a parsed value. */
const stringsIn = (value: unknown): string[] => (typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(stringsIn) : []);

describe('the contract’s body schemas under random strings', () => {
  it('every exported object schema has a valid example here (so none escapes the property test)', () => {
    expect(objectSchemas.map(([name]) => name).sort()).toEqual(Object.keys(VALID).sort());
  });

  describe.each(objectSchemas)('%s', (name, schema) => {
    const valid = VALID[name];
    const stringFields = Object.keys(valid).filter((k) => typeof valid[k] === 'string');

    it('accepts its valid example, which names every field', () => {
      expect(schema.safeParse(valid).success).toBe(true);
      expect(Object.keys(schema.shape).sort()).toEqual(Object.keys(valid).sort());
    });

    // A body of numbers only (a deployment's version) has no string field to throw strings at.
    const eachStringField = stringFields.length ? it.each(stringFields) : it.skip.each(['(no string field)']);
    eachStringField('%s: accepts storable text or refuses that field, never anything else', (field) => {
      fc.assert(
        // Alone, and after the field's valid value (so length and format rules do not refuse it first).
        fc.property(nasty, fc.boolean(), (random, afterValid) => {
          const parsed = schema.safeParse({ ...valid, [field]: afterValid ? `${valid[field]}${random}` : random });
          if (parsed.success) {
            for (const s of stringsIn(parsed.data)) expect(isStorableText(s)).toBe(true);
          } else {
            expect(parsed.error.issues.map((i) => i.path[0])).toEqual(parsed.error.issues.map(() => field));
          }
        }),
        { numRuns: 200 },
      );
    });
  });

  it('refuses NUL and unpaired surrogates in a project name, a message, a key name and a webhook secret', () => {
    expect(contract.createProjectBodySchema.safeParse({ name: 'a\u0000b' }).success).toBe(false);
    expect(contract.sendMessageBodySchema.safeParse({ message: 'hi\u0000' }).success).toBe(false);
    expect(contract.sendMessageBodySchema.safeParse({ message: 'hi\ud800' }).success).toBe(false);
    expect(contract.createApiKeyBodySchema.safeParse({ name: '\u0000' }).success).toBe(false);
    expect(contract.createWebhookBodySchema.safeParse({ ...VALID.createWebhookBodySchema, secret: `${'s'.repeat(20)}\u0000` }).success).toBe(false);
    // Right-to-left marks and emoji are text like any other.
    expect(contract.createProjectBodySchema.safeParse({ name: '\u202eשלום 😀' }).success).toBe(true);
  });

  it('takes the s3 publish target’s fields as storable text or refuses that field (a union, so not among the object schemas)', () => {
    const valid = {
      kind: 's3',
      endpoint: 'https://s3.example.test',
      region: 'eu-west-1',
      bucket: 'my-site',
      prefix: 'www/',
      accessKeyId: 'AKIA123',
      secretAccessKey: 'secret',
      publicUrl: 'https://my-site.example.test',
    };
    expect(contract.publishTargetBodySchema.safeParse(valid).success).toBe(true);
    expect(contract.publishTargetBodySchema.safeParse({ kind: 'builtin' }).success).toBe(true);
    expect(contract.publishTargetBodySchema.safeParse({ kind: 'ftp' }).success).toBe(false);
    for (const field of Object.keys(valid).filter((k) => k !== 'kind')) {
      fc.assert(
        fc.property(nasty, (random) => {
          const parsed = contract.publishTargetBodySchema.safeParse({ ...valid, [field]: random });
          if (parsed.success) for (const s of stringsIn(parsed.data)) expect(isStorableText(s)).toBe(true);
          else expect(parsed.error.issues.map((i) => i.path[0])).toEqual(parsed.error.issues.map(() => field));
        }),
        { numRuns: 100 },
      );
    }
  });

  it('normalises a slug to lower case and refuses reserved, too short, punycode-like and hyphen-edged ones', () => {
    expect(contract.slugSchema.parse('  My-Page ')).toBe('my-page');
    for (const slug of ['www', 'ab', 'xn--abc', '-abc', 'abc-', 'a_b_c', 'a'.repeat(64), 'ümlaut']) {
      expect([slug, contract.slugSchema.safeParse(slug).success]).toEqual([slug, false]);
    }
  });

  it('takes an export’s version only as a whole number (no coercion of true, "2" or [3])', () => {
    for (const version of [true, false, '2', [3], null, 1.5, 0]) {
      expect([version, contract.createExportBodySchema.safeParse({ kind: 'source', version }).success]).toEqual([version, false]);
    }
    expect(contract.createExportBodySchema.parse({ kind: 'source', version: 3 })).toEqual({ kind: 'source', version: 3 });
    expect(contract.createExportBodySchema.parse({ kind: 'source' })).toEqual({ kind: 'source' });
  });
});

describe('isStorableText', () => {
  it.each([
    ['plain', true],
    ['😀 paired surrogates', true],
    ['\u202e rtl', true],
    ['nul \u0000', false],
    ['lone high \ud800', false],
    ['lone low \udc00', false],
    ['reversed pair \udc00\ud800', false],
  ])('%j → %s', (s, ok) => expect(isStorableText(s)).toBe(ok));
});
