import { renderedJsxText, sameText } from './jsx-text.js';

describe('renderedJsxText (React’s JSX white-space rule)', () => {
  it.each([
    ['Hello', 'Hello'],
    ['\n    Hello\n  ', 'Hello'],
    ['\n    Every answer\n    in plain   language.\n  ', 'Every answer in plain   language.'],
    ['  Learn more ', '  Learn more '],
    ['Learn more\n  ', 'Learn more'],
    ['\n\n   \n  ', ''],
    ['\tTabbed\tline', ' Tabbed line'],
    ['line one\n\n\n   line two', 'line one line two'],
    ['\u00a0kept\u00a0', '\u00a0kept\u00a0'],
  ])('%j renders %j', (raw, rendered) => {
    expect(renderedJsxText(raw)).toBe(rendered);
  });

  it('compares text as a person sees it: white-space runs are one space, no-break spaces count', () => {
    expect(sameText('Every answer  in\nplain language. ', 'Every answer in plain language.')).toBe(true);
    expect(sameText('a\u00a0b', 'a b')).toBe(false);
    expect(sameText('Pricing', 'pricing')).toBe(false);
  });
});
