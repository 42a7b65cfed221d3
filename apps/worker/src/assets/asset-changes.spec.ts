import { suggestedAlt } from './asset-changes.js';

describe('suggestedAlt', () => {
  it.each([
    ['team-photo_2024.JPG', 'Team photo 2024'],
    ['Logo Final.PNG', 'Logo final'],
    ['  hero  .webp', 'Hero'],
    ['.png', 'Image'],
  ])('%s → %s', (name, alt) => {
    expect(suggestedAlt(name)).toBe(alt);
  });
});
