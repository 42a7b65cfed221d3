import { slugSchema } from '@studio/contracts';
import fc from 'fast-check';
import { generatedSlug } from './generated-slug.js';

describe('generatedSlug', () => {
  it('makes a DNS label of the project name with a random suffix', () => {
    expect(generatedSlug('My Page', () => 0)).toBe('my-page-aaaa');
    expect(generatedSlug('Café Crème — Summer 2026!', () => 1)).toBe('cafe-creme-summer-2026-bbbb');
  });

  it('falls back to "site" for a name with no letters or digits left', () => {
    expect(generatedSlug('日本語 🚀', () => 2)).toBe('site-cccc');
    expect(generatedSlug('---', () => 2)).toBe('site-cccc');
  });

  it('keeps long names to a readable length, never ending the base with a hyphen', () => {
    const slug = generatedSlug(`${'a'.repeat(39)} b and more words`, () => 3);
    expect(slug).toBe(`${'a'.repeat(39)}-dddd`);
  });

  it('draws a different suffix each time by default', () => {
    const slugs = new Set(Array.from({ length: 20 }, () => generatedSlug('Launch')));
    expect(slugs.size).toBeGreaterThan(15);
  });

  it('always passes the contract’s slug rules, whatever the name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (name) => {
        expect(slugSchema.safeParse(generatedSlug(name)).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
