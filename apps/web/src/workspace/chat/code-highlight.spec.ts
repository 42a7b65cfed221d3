import { HIGHLIGHT_MAX_CHARS, highlightRuns } from './code-highlight';

const joined = (runs: { text: string }[]) => runs.map((r) => r.text).join('');

describe('highlightRuns', () => {
  it('marks keywords, strings and tags of TSX and keeps every character, line breaks included', () => {
    const code = 'import { useState } from \'react\';\n\nexport const Hero = () => <h1 className="big">Hi</h1>;';
    const runs = highlightRuns(code, 'tsx');
    expect(joined(runs)).toBe(code);
    const classOf = (text: string) => runs.find((r) => r.text === text)?.className;
    expect(classOf('import')).toContain('tok-keyword');
    expect(classOf("'react'")).toContain('tok-string');
    expect(classOf('h1')).toContain('tok-typeName');
    expect(classOf('"big"')).toContain('tok-string');
    expect(runs.some((r) => r.className === '' && r.text.includes('\n'))).toBe(true);
  });

  it('knows CSS, HTML and JSON by their fence names, case-insensitively', () => {
    expect(highlightRuns('.a { color: red; }', 'CSS').some((r) => r.className.includes('tok-'))).toBe(true);
    expect(highlightRuns('<p class="x">Hi</p>', 'html').some((r) => r.text === 'class' && r.className.includes('tok-propertyName'))).toBe(true);
    expect(highlightRuns('{"a": 1}', 'json').some((r) => r.className.includes('tok-number'))).toBe(true);
  });

  it('shows an unknown language, no language or a huge block as one plain run', () => {
    expect(highlightRuns('x = 1', 'python')).toEqual([{ text: 'x = 1', className: '' }]);
    expect(highlightRuns('x = 1', undefined)).toEqual([{ text: 'x = 1', className: '' }]);
    const big = 'const a = 1;\n'.repeat(HIGHLIGHT_MAX_CHARS / 10);
    expect(highlightRuns(big, 'ts')).toEqual([{ text: big, className: '' }]);
  });

  it('never loses text of a half-written block (the reply is still streaming)', () => {
    const code = 'export function Pricing() {\n  return <section className="py-2';
    expect(joined(highlightRuns(code, 'tsx'))).toBe(code);
  });
});
