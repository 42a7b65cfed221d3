import { ReplyParser } from '../parser/reply-parser.js';
import { buildStaticPrompt } from './system-prompt.js';

describe('buildStaticPrompt', () => {
  const parts = {
    templateConventions: 'Sections live in src/sections; the theme is the CSS variables at the top of src/index.css.',
    components: [
      { id: 'pricing-tiers', description: 'three pricing cards' },
      { id: 'faq-accordion', description: 'questions that expand' },
    ],
    packages: ['react', 'react-dom', 'react'],
  };

  it('teaches the output format, the conventions, the catalog and the packages', () => {
    const prompt = buildStaticPrompt(parts);
    expect(prompt).toContain('<response>');
    expect(prompt).toContain('action="patch"');
    expect(prompt).toContain('src/index.css');
    expect(prompt).toContain('- faq-accordion: questions that expand\n- pricing-tiers: three pricing cards');
    expect(prompt).toContain('react, react-dom\n');
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
