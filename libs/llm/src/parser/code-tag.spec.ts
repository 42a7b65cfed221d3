import fc from 'fast-check';
import { type CodeTag, parseCodeTag } from './code-tag.js';

/** The tag parser as it was, all by the attribute regex: what the faster reading of plain tags must agree with. */
function byRegex(tag: string): CodeTag {
  const out: CodeTag = { selfClosing: /\/\s*>$/.test(tag) };
  const inner = tag.slice('<code'.length, tag.length - 1);
  for (const m of inner.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+))/g)) {
    const name = m[1].toLowerCase();
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (['path', 'file', 'filename'].includes(name)) out.path ??= value;
    else if (name === 'action') out.action = value.toLowerCase();
    else if (name === 'to') out.to = value;
    else if (name === 'component') out.component = value;
  }
  return out;
}

describe('parseCodeTag', () => {
  it('reads the attributes models write', () => {
    expect(parseCodeTag('<code path="src/a.tsx">')).toEqual({ path: 'src/a.tsx', selfClosing: false });
    expect(parseCodeTag('<code path="a.ts" action="Delete" />')).toEqual({ path: 'a.ts', action: 'delete', selfClosing: true });
    expect(parseCodeTag("<code file='b.ts' to=c.ts action=rename>")).toEqual({ path: 'b.ts', to: 'c.ts', action: 'rename', selfClosing: false });
    expect(parseCodeTag('<code>')).toEqual({ selfClosing: false });
    expect(parseCodeTag('<code/>')).toEqual({ selfClosing: true });
  });

  const name = fc.constantFrom('path', 'PATH', 'file', 'filename', 'action', 'to', 'component', 'x-y', 'data:z', '_a.b', '1bad', 'é');
  const eq = fc.constantFrom('=', ' = ', '=\t', ' =', '');
  const value = fc.constantFrom('"a.ts"', '"src/x y.tsx"', '""', "'b.ts'", 'bare', '"Patch"', '"un', '"a=\'b\'"', '/');
  const gap = fc.constantFrom(' ', '  ', '\t', '\n', '', ' x ', '/', ' / ');
  const attribute = fc.tuple(gap, name, eq, value).map((parts) => parts.join(''));
  const end = fc.constantFrom('', ' ', '/', ' /', ' / ', ' x', '"');

  it('gives what the attribute regex gives, for any tag (property)', () => {
    fc.assert(
      fc.property(fc.array(attribute, { maxLength: 5 }), end, (attributes, tail) => {
        const tag = `<code${attributes.join('')}${tail}>`;
        expect(parseCodeTag(tag)).toEqual(byRegex(tag));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (inner) => {
        const tag = `<code ${inner.replaceAll('>', '')}>`;
        expect(parseCodeTag(tag)).toEqual(byRegex(tag));
      }),
      { numRuns: 1000 },
    );
  });
});
