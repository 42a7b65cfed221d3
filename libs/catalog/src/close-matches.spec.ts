import { closeMatches } from './close-matches.js';

const IDS = ['pricing-tiers', 'pricing-simple', 'hero-centered', 'hero-split', 'testimonials-grid', 'testimonial-spotlight', 'footer-columns', 'faq-accordion'];

describe('closeMatches', () => {
  it('offers components of the kind asked for, best first', () => {
    expect(closeMatches('pricing-table', IDS)).toEqual(['pricing-simple', 'pricing-tiers']);
    expect(closeMatches('testimonial-cards', IDS).slice(0, 2).sort()).toEqual(['testimonial-spotlight', 'testimonials-grid']);
  });

  it('catches typos', () => {
    expect(closeMatches('hero-centred', IDS)[0]).toBe('hero-centered');
    expect(closeMatches('faq-acordion', IDS)[0]).toBe('faq-accordion');
  });

  it('offers nothing for an id unlike any', () => {
    expect(closeMatches('zzz', IDS)).toEqual([]);
  });

  it('returns at most the limit', () => {
    expect(closeMatches('hero-pricing-footer', IDS, 2)).toHaveLength(2);
  });
});
