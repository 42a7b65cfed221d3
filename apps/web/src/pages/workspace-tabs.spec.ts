import { shownTab, shownVersion, tabsFor } from './workspace-tabs';

describe('the workspace tabs', () => {
  it('lists the chat as a tab only on a narrow screen', () => {
    expect(tabsFor(true)[0]).toBe('chat');
    expect(tabsFor(false)).not.toContain('chat');
    expect(tabsFor(false)).toEqual(['preview', 'code', 'versions', 'instructions', 'publish', 'assets', 'export']);
  });

  it('shows the tab the address names', () => {
    expect(shownTab('code', false)).toBe('code');
    expect(shownTab('versions', true)).toBe('versions');
    expect(shownTab('chat', true)).toBe('chat');
  });

  it('falls back to the conversation on a phone and the preview on a wide screen', () => {
    expect(shownTab(null, true)).toBe('chat');
    expect(shownTab(null, false)).toBe('preview');
    // The chat is always in view on a wide screen: its tab there is the preview's place.
    expect(shownTab('chat', false)).toBe('preview');
    expect(shownTab('settings', false)).toBe('preview');
    expect(shownTab('constructor', true)).toBe('chat');
  });

  it('reads the viewed version as a positive whole number, else the head', () => {
    expect(shownVersion('3')).toBe(3);
    expect(shownVersion(null)).toBeNull();
    for (const bad of ['0', '-1', '1.5', '03', 'abc', '', '1e3', '99999999999']) expect(shownVersion(bad)).toBeNull();
  });
});
