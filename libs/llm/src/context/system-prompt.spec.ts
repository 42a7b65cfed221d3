import { ReplyParser } from '../parser/reply-parser.js';
import { buildStaticPrompt } from './system-prompt.js';

describe('buildStaticPrompt', () => {
  const parts = {
    templateConventions: 'Sections live in src/sections; the theme is the CSS variables at the top of src/index.css.',
    components: [
      { id: 'pricing-tiers', description: 'three pricing cards.', signature: 'PricingTiers { title?: string; tiers?: { name: string; featured?: boolean }[] }' },
      { id: 'faq-accordion', description: 'questions that expand.', signature: 'FaqAccordion { items?: { question: string; answer: string }[] }' },
    ],
    packages: ['react', 'react-dom', 'react'],
  };

  it('teaches the output format, the conventions, the catalog and the packages', () => {
    const prompt = buildStaticPrompt(parts);
    expect(prompt).toContain('<response>');
    expect(prompt).toContain('action="patch"');
    expect(prompt).toContain('src/index.css');
    expect(prompt).toContain(
      '- faq-accordion: questions that expand. FaqAccordion { items?: { question: string; answer: string }[] }\n' +
        '- pricing-tiers: three pricing cards. PricingTiers { title?: string; tiers?: { name: string; featured?: boolean }[] }\n',
    );
    expect(prompt).toContain('react, react-dom\n');
  });

  it("tells the model to render an inserted section with the signature's prop names and its own text", () => {
    const prompt = buildStaticPrompt(parts);
    expect(prompt).toMatch(/Render an inserted\s+section with its props named exactly as there, and pass your own text/);
    expect(prompt).toMatch(/the defaults are another\s+product's placeholder copy/);
  });

  it("says where the project's images are and how pages name them, with no asset list in the static part", () => {
    const prompt = buildStaticPrompt(parts);
    expect(prompt).toContain('public/assets/, written /assets/<file>');
    expect(prompt).toMatch(/with none listed, draw with CSS,\s+inline SVG and icons/);
    expect(prompt).not.toContain('## Project assets');
  });

  it("tells the model that forms post to the page's own /_forms/<name> endpoint", () => {
    expect(buildStaticPrompt(parts)).toMatch(/posts to the page's own endpoint, POST \/_forms\/<name>/);
  });

  it('prints a catalog entry without a signature as its description alone', () => {
    expect(buildStaticPrompt({ packages: [], components: [{ id: 'x', description: 'A section.' }] })).toContain('\n- x: A section.\n');
  });

  it('is the same text for the same project, whatever the order of its inputs (so prompt caches hit)', () => {
    expect(buildStaticPrompt({ ...parts, components: [...parts.components].reverse(), packages: ['react-dom', 'react'] })).toBe(buildStaticPrompt(parts));
  });

  it('its own examples parse as the format it describes', () => {
    const events = ReplyParser.parse(buildStaticPrompt(parts));
    const actions = events.flatMap((e) => (e.type === 'change' ? [e.change.action] : []));
    expect(actions).toEqual(['write', 'patch', 'delete', 'rename', 'insert']);
  });
});
