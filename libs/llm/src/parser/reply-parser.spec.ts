import { StudioError } from '@studio/contracts';
import fc from 'fast-check';
import type { ParserEvent } from './events.js';
import { ReplyParser, type ReplyParserOptions } from './reply-parser.js';
import { mergedText } from './testing/merged-text.js';

const parse = (reply: string, options?: ReplyParserOptions) => mergedText(ReplyParser.parse(reply, options));

function parseInChunks(reply: string, sizes: number[], options?: ReplyParserOptions): ParserEvent[] {
  const parser = new ReplyParser(options);
  const events: ParserEvent[] = [];
  let at = 0;
  let k = 0;
  while (at < reply.length) {
    const size = Math.max(1, sizes[k++ % sizes.length] ?? 1);
    events.push(...parser.push(reply.slice(at, at + size)));
    at += size;
  }
  return mergedText([...events, ...parser.end()]);
}

const changes = (events: ParserEvent[]) => events.flatMap((e) => (e.type === 'change' ? [e.change] : []));
const errors = (events: ParserEvent[]) => events.flatMap((e) => (e.type === 'error' ? [{ code: e.code, path: e.path }] : []));
const text = (events: ParserEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');

const CANONICAL = `<response>
I made the hero bolder and moved the card.
</response>

<code path="src/components/Hero.tsx">
export default function Hero() {
  return <h1 className="hero">Hello</h1>;
}
</code>

<code path="src/App.tsx" action="patch">
<<<<<<< SEARCH
import Hero from './Hero';
=======
import Hero from './components/Hero';
>>>>>>> REPLACE
</code>

<code path="src/components/Old.tsx" action="delete"></code>
<code path="src/components/Card.tsx" action="rename" to="src/components/ProductCard.tsx"></code>
<code path="src/sections/Pricing.tsx" action="insert" component="pricing-tiers"></code>
`;

describe('ReplyParser: the canonical form', () => {
  it('gives the response text and every change, in order, then end', () => {
    const events = parse(CANONICAL);
    expect(events[0]).toEqual({ type: 'text', text: 'I made the hero bolder and moved the card.' });
    expect(changes(events)).toEqual([
      { action: 'write', path: 'src/components/Hero.tsx', content: 'export default function Hero() {\n  return <h1 className="hero">Hello</h1>;\n}\n' },
      { action: 'patch', path: 'src/App.tsx', blocks: [{ search: "import Hero from './Hero';", replace: "import Hero from './components/Hero';" }] },
      { action: 'delete', path: 'src/components/Old.tsx' },
      { action: 'rename', path: 'src/components/Card.tsx', to: 'src/components/ProductCard.tsx' },
      { action: 'insert', path: 'src/sections/Pricing.tsx', component: 'pricing-tiers' },
    ]);
    expect(events[events.length - 1]).toEqual({ type: 'end', truncated: false });
    expect(errors(events)).toEqual([]);
  });

  it('joins several response parts', () => {
    const events = parse('<response>First.</response>\n<code path="a.ts">x</code>\n<response>\nSecond.\n</response>');
    expect(text(events)).toBe('First.\n\nSecond.');
  });
});

describe('ReplyParser: what it tolerates', () => {
  it.each([
    [`<code path='a.ts'>x</code>`, 'single quotes'],
    [`<code file="a.ts">x</code>`, 'file='],
    [`<code filename="a.ts">x</code>`, 'filename='],
    [`<code lang="tsx" path="a.ts" data-x=1>x</code>`, 'unknown attributes, any order'],
    [`<code\n  path="a.ts"\n>x</code>`, 'attributes on several lines'],
  ])('%s (%s)', (reply) => {
    expect(changes(parse(reply))).toEqual([{ action: 'write', path: 'a.ts', content: 'x\n' }]);
  });

  it('a self-closing delete, and attributes in any order', () => {
    expect(changes(parse(`<code action="delete" path="a.ts"/>`))).toEqual([{ action: 'delete', path: 'a.ts' }]);
    expect(changes(parse(`<code to="b.ts" action='rename' file="a.ts" />`))).toEqual([{ action: 'rename', path: 'a.ts', to: 'b.ts' }]);
  });

  it('strips one outer Markdown fence and keeps the rest byte for byte', () => {
    const body = 'export const a = 1;\n\n\n    if (x) {\n\t  y();\n    }\n';
    expect(changes(parse(`<code path="a.ts">\n\`\`\`tsx\n${body}\`\`\`\n</code>`))).toEqual([{ action: 'write', path: 'a.ts', content: body }]);
  });

  it('keeps a fence that is not the outer one (Markdown files)', () => {
    const md = '# Title\n\n```sh\nnpm i\n```\n\nMore.\n';
    expect(changes(parse(`<code path="README.md">\n${md}</code>`))).toEqual([{ action: 'write', path: 'README.md', content: md }]);
  });

  it('strips a CDATA wrapper, inside which </code> is content', () => {
    const body = 'const s = "</code>";\nexport default s;\n';
    expect(changes(parse(`<code path="a.ts"><![CDATA[\n${body}]]></code>`))).toEqual([{ action: 'write', path: 'a.ts', content: body }]);
  });

  it('normalises the end to exactly one newline', () => {
    expect(changes(parse('<code path="a.ts">x</code>'))[0]).toMatchObject({ content: 'x\n' });
    expect(changes(parse('<code path="a.ts">\nx\n\n\n  </code>'))[0]).toMatchObject({ content: 'x\n' });
  });

  it('treats <code> elements without a path, and their closing tags, as content', () => {
    const jsx = 'export const Snippet = () => (\n  <p>\n    Run <code>npm i</code> then <code className="x">start</code>, <code/>.\n  </p>\n);\n';
    expect(changes(parse(`<code path="src/Snippet.tsx">\n${jsx}</code>`))).toEqual([{ action: 'write', path: 'src/Snippet.tsx', content: jsx }]);
  });

  it('treats prose outside any tag, and <code> without a path in prose, as response text', () => {
    const events = parse('Sure! Use <code>npm</code> and a < b.\n<code path="a.ts">x</code>\nDone.');
    expect(text(events)).toBe('Sure! Use <code>npm</code> and a < b.\n\nDone.');
    expect(changes(events)).toHaveLength(1);
  });

  it('a reply cut mid-block: the finished blocks stand, the cut one is reported and not applied', () => {
    const events = parse('<response>Two files.</response><code path="a.ts">done</code><code path="b.ts">half of it');
    expect(changes(events)).toEqual([{ action: 'write', path: 'a.ts', content: 'done\n' }]);
    expect(errors(events)).toEqual([{ code: 'CODE_BLOCK_TRUNCATED', path: 'b.ts' }]);
    expect(events[events.length - 1]).toEqual({ type: 'end', truncated: true });
  });

  it('the same path twice: both changes, in order (the later one wins when applied)', () => {
    const events = parse('<code path="a.ts">one</code><code path="a.ts" action="patch">\n<<<<<<< SEARCH\none\n=======\ntwo\n>>>>>>> REPLACE\n</code>');
    expect(changes(events).map((c) => c.action)).toEqual(['write', 'patch']);
  });
});

describe('ReplyParser: `</code>` inside a file', () => {
  const write = (content: string) => [{ action: 'write', path: 'src/a.tsx', content }];

  // No <code> element is open before these: only the rest of the line says the </code> is text.
  it('a string holding "</code>" in the middle of a file is content', () => {
    const file = 'import { escape } from "./escape";\nexport const close = "</code>";\nexport const wrap = (s: string) => escape(s) + close;\n';
    const events = parse(`<response>Escaping helpers.</response>\n<code path="src/a.tsx">\n${file}</code>\n<response>Done.</response>`);
    expect(changes(events)).toEqual(write(file));
    expect(text(events)).toBe('Escaping helpers.\n\nDone.');
    expect(errors(events)).toEqual([]);
  });

  it("a template literal with ${'</code>'} mid-line is content", () => {
    const file = "export const end = (s: string) => `${s}${'</code>'}`;\nexport default end;\n";
    expect(changes(parse(`<code path="src/a.tsx">\n${file}</code>\n`))).toEqual(write(file));
  });

  it('JSX <code>x</code> and more text on the line is content', () => {
    const file = 'export const Tip = () => (\n  <p>Run <code>npm i</code> and more, then <code>npm start</code>.</p>\n);\n';
    expect(changes(parse(`<code path="src/a.tsx">\n${file}</code>`))).toEqual(write(file));
  });

  it('a </code> followed by trailing spaces and tabs, then a newline, closes', () => {
    const events = parse('<code path="src/a.tsx">\nexport const a = 1;\n</code>  \t \nAll set.');
    expect(changes(events)).toEqual(write('export const a = 1;\n'));
    expect(text(events)).toBe('All set.');
    expect(errors(events)).toEqual([]);
  });

  it('a </code> followed on its line by the next block or the response closes', () => {
    const events = parse('<code path="a.ts">one</code> <code path="b.ts">two</code><response>Both.</response>');
    expect(changes(events)).toEqual([
      { action: 'write', path: 'a.ts', content: 'one\n' },
      { action: 'write', path: 'b.ts', content: 'two\n' },
    ]);
    expect(text(events)).toBe('Both.');
  });

  it('prose after the </code> of a block with no body closes it (there is no file text to be part of)', () => {
    const events = parse('<code path="src/Old.tsx" action="delete"></code> and the old card is gone.');
    expect(changes(events)).toEqual([{ action: 'delete', path: 'src/Old.tsx' }]);
    expect(text(events)).toBe('and the old card is gone.');
  });

  it('a reply cut after a mid-line </code> is truncated, not applied', () => {
    const events = parse('<code path="a.ts">done</code>\n<code path="b.ts">\nconst close = "</code>";\nconst more');
    expect(changes(events)).toEqual([{ action: 'write', path: 'a.ts', content: 'done\n' }]);
    expect(errors(events)).toEqual([{ code: 'CODE_BLOCK_TRUNCATED', path: 'b.ts' }]);
    expect(events[events.length - 1]).toEqual({ type: 'end', truncated: true });
  });

  it('streaming: the change waits for the rest of the line, and no longer', () => {
    const parser = new ReplyParser();
    expect(changes(parser.push('<code path="a.ts">\nconst a = 1;\n</code>'))).toEqual([]);
    expect(changes(parser.push('  '))).toEqual([]);
    // The newline decides at once, before anything after it arrives.
    expect(changes(parser.push('\n'))).toEqual([{ action: 'write', path: 'a.ts', content: 'const a = 1;\n' }]);

    const midLine = new ReplyParser();
    expect(changes(midLine.push('<code path="a.ts">\nconst s = "</code>'))).toEqual([]);
    expect(changes(midLine.push('";\n</code>\n'))).toEqual([{ action: 'write', path: 'a.ts', content: 'const s = "</code>";\n' }]);
  });

  it('streaming: a </code> at the very end of the stream closes at end()', () => {
    const parser = new ReplyParser();
    expect(changes(parser.push('<code path="a.ts">\nconst a = 1;\n</code>'))).toEqual([]);
    const last = parser.end();
    expect(changes(last)).toEqual([{ action: 'write', path: 'a.ts', content: 'const a = 1;\n' }]);
    expect(last[last.length - 1]).toEqual({ type: 'end', truncated: false });
  });
});

describe('ReplyParser: what it refuses', () => {
  const rules: ReplyParserOptions = {
    checkPath: (p) => {
      if (p.split('/').includes('..')) throw Object.assign(new Error(`Path ${p} contains a .. segment.`), { code: 'PATH_TRAVERSAL' });
      if (p.startsWith('node_modules/')) throw Object.assign(new Error('inside node_modules'), { code: 'PATH_FORBIDDEN_DIRECTORY' });
    },
  };

  it.each([
    ['<code path="a.ts" action="explode">x</code>', 'UNKNOWN_ACTION', 'a.ts'],
    ['<code path="a.ts" action="rename"></code>', 'RENAME_WITHOUT_TO', 'a.ts'],
    ['<code path="a.ts" action="insert"></code>', 'INSERT_WITHOUT_COMPONENT', 'a.ts'],
    ['<code path="a.ts" action="patch">just new text</code>', 'PATCH_MALFORMED', 'a.ts'],
    ['<code path="a.ts" action="patch">\n<<<<<<< SEARCH\nx\n</code>', 'PATCH_MALFORMED', 'a.ts'],
    ['<code path="a.ts"/>', 'EMPTY_CODE_BLOCK', 'a.ts'],
    ['<code path="../x.ts">x</code>', 'PATH_TRAVERSAL', '../x.ts'],
    ['<code path="node_modules/x.js">x</code>', 'PATH_FORBIDDEN_DIRECTORY', 'node_modules/x.js'],
    ['<code path="a.ts" action="rename" to="../b.ts"></code>', 'PATH_TRAVERSAL', '../b.ts'],
  ])('%s → %s', (reply, code, path) => {
    const events = parse(reply, rules);
    expect(errors(events)).toEqual([{ code, path }]);
    expect(changes(events)).toEqual([]);
  });

  it('reports a path rule’s StudioError by its code, and lets any other failure of the check through', () => {
    const studio: ReplyParserOptions = {
      checkPath: (p) => {
        throw new StudioError('PATH_TRAVERSAL', `Path ${p} contains a .. segment.`);
      },
    };
    expect(errors(parse('<code path="a/../b.ts">x</code>', studio))).toEqual([{ code: 'PATH_TRAVERSAL', path: 'a/../b.ts' }]);
    const broken: ReplyParserOptions = {
      checkPath: () => {
        throw new Error('the check itself broke');
      },
    };
    expect(() => parse('<code path="a.ts">x</code>', broken)).toThrow('the check itself broke');
  });

  it('refuses content over the limit without keeping it in memory', () => {
    const events = parse(`<code path="a.ts">${'x'.repeat(2000)}</code><code path="b.ts">ok</code>`, { maxContentBytes: 1000 });
    expect(errors(events)).toEqual([{ code: 'CONTENT_TOO_LARGE', path: 'a.ts' }]);
    expect(changes(events)).toEqual([{ action: 'write', path: 'b.ts', content: 'ok\n' }]);
  });

  it('a block never closed before the next one begins is refused; the next one stands', () => {
    const events = parse('<code path="a.ts">never closed\n<code path="b.ts">fine</code>');
    expect(errors(events)).toEqual([{ code: 'CODE_BLOCK_UNCLOSED', path: 'a.ts' }]);
    expect(changes(events)).toEqual([{ action: 'write', path: 'b.ts', content: 'fine\n' }]);
  });
});

describe('ReplyParser: streaming', () => {
  it('a change arrives at its </code>, before the rest of the reply', () => {
    const parser = new ReplyParser();
    const first = mergedText(parser.push('<response>Making it bold.</response>\n<code path="a.ts">\nexport const a = 1;\n</co'));
    expect(first).toEqual([{ type: 'text', text: 'Making it bold.' }]);
    const second = parser.push('de>\n<code path="b.ts">');
    expect(changes(second)).toEqual([{ action: 'write', path: 'a.ts', content: 'export const a = 1;\n' }]);
    expect(mergedText([...parser.push('b</code>'), ...parser.end()])).toEqual([
      { type: 'change', change: { action: 'write', path: 'b.ts', content: 'b\n' } },
      { type: 'end', truncated: false },
    ]);
  });

  it('holds back only what may still be a tag', () => {
    const parser = new ReplyParser();
    expect(mergedText(parser.push('Use a <co'))).toEqual([{ type: 'text', text: 'Use a' }]);
    expect(mergedText(parser.push('ol trick'))).toEqual([{ type: 'text', text: ' <cool trick' }]);
  });

  const piece = fc.constantFrom(
    '<response>',
    '</response>',
    'Hello ',
    'world',
    ' ',
    '\n',
    '\n\n',
    'a < b',
    '<',
    '>',
    '<code',
    '<code>',
    '</code>',
    '<code/>',
    '<code path="a.ts">',
    "<code file='b.tsx'>",
    '<code path="c.ts" action="delete"/>',
    '<code path="d.ts" action="rename" to="e.ts">',
    '<code path="f.ts" action="patch">',
    '<<<<<<< SEARCH\n',
    '=======\n',
    '>>>>>>> REPLACE\n',
    '```tsx\n',
    '```\n',
    '<![CDATA[',
    ']]>',
    'export default 1;\n',
    '  indented\n',
    'é',
    '😀',
    '<resp',
    '</code >',
    '<codex>',
    // `</code>` as file text mid-line, and the white space and tags that may follow a real one.
    'const close = "</code>";\n',
    "${'</code>'}",
    '</code> and more',
    '</code>\t \n',
    ' \t',
    '</code><response>',
    '</code> <code path="g.ts">',
  );

  it('gives the same events whatever the chunk sizes, one character at a time included (property)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 20 }), (pieces, sizes) => {
        const reply = pieces.join('');
        const whole = parse(reply);
        expect(parseInChunks(reply, [1])).toEqual(whole);
        expect(parseInChunks(reply, sizes)).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  /** How many pathless <code> elements stay open at the end (the parser's nesting): a file's own business, not this property's. */
  const pathlessCodeLeftOpen = (content: string) => [...content.matchAll(/<(\/?)code>/g)].reduce((depth, m) => (m[1] ? Math.max(0, depth - 1) : depth + 1), 0);

  // File lines where `</code>` is text, with something after it on its line: each must round-trip exactly.
  const before = fc.constantFrom('', '  ', 'const close = "', "  return `${'", 'x <code>a', '<p>Use <code>npm</code> or ', 'é ');
  const after = fc.constantFrom('";', "'}`;", ' and more', ')', '} />', 'x', '\t;', ' </code>.');
  const line = fc.oneof(
    fc.tuple(before, after).map(([b, a]) => `${b}</code>${a}`),
    fc.constantFrom('export const a = 1;', '', '  <div className="p-4">', '</div>', 'a < b && c > d', '<code>', '</code> x'),
  );

  it('file text with </code> mid-line comes through byte for byte, whatever the chunk sizes (property)', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 20 }), (lines, sizes) => {
        // The first line is file text (a </code> before any would close an empty block: see above).
        const content = `${['import { a } from "./a";', ...lines, 'export default a;'].join('\n')}\n`;
        fc.pre(pathlessCodeLeftOpen(content) === 0);
        const reply = `<response>Here.</response>\n<code path="src/a.tsx">\n${content}</code>\n<code path="b.ts">b</code>`;
        const whole = parse(reply);
        expect(changes(whole)).toEqual([
          { action: 'write', path: 'src/a.tsx', content },
          { action: 'write', path: 'b.ts', content: 'b\n' },
        ]);
        expect(errors(whole)).toEqual([]);
        expect(parseInChunks(reply, [1])).toEqual(whole);
        expect(parseInChunks(reply, sizes)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('same property on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 1, max: 7 }), (reply, size) => {
        expect(parseInChunks(reply, [size])).toEqual(parse(reply));
      }),
      { numRuns: 300 },
    );
  });
});
