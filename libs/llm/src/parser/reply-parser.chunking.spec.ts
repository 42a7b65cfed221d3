import fc from 'fast-check';
import { MAX_TAG } from './code-tag.js';
import type { ParserEvent } from './events.js';
import { ReplyParser } from './reply-parser.js';
import { mergedText } from './testing/merged-text.js';

// The parser takes some pushes without running its steps (a tag held back, a body's tiny pieces kept as code
// units): these pin that no split of the input changes what it gives, wherever the split falls.

function parseIn(chunks: string[], maxContentBytes?: number): ParserEvent[] {
  const parser = new ReplyParser({ maxContentBytes });
  const events = chunks.flatMap((c) => parser.push(c));
  return mergedText([...events, ...parser.end()]);
}

const whole = (reply: string, max?: number) => parseIn([reply], max);
const oneByOne = (reply: string, max?: number) => parseIn([...reply.split('')], max);

const REPLY = [
  '<response>Hi <co<code>x</code> and <resp</response>\n',
  '<code path="a.tsx">\n  return <div className="p-4"><code>x</code> {a < b ? 1 : 2}</div>;\n</co</c<</code >  \n',
  '<code\tpath="b.ts"/>\n<code file=\'c.ts\' action="rename" to="d.ts"></code>\n',
  '<code path="e.ts">\n<![CDATA[const close = "</code>"; ]] ]]>\n</code><code path="f.ts">f</code>\n',
  '<codex> <code/> é😀 </code>\n',
].join('');

describe('ReplyParser: any split of the input', () => {
  it('gives the same events for a split at every position, and one character at a time', () => {
    const expected = whole(REPLY);
    expect(expected.map((e) => (e.type === 'change' ? e.change.path : e.type === 'error' ? e.code : null)).filter(Boolean)).toEqual(['a.tsx', 'EMPTY_CODE_BLOCK', 'c.ts', 'e.ts', 'f.ts']);
    for (let at = 0; at <= REPLY.length; at++) expect(parseIn([REPLY.slice(0, at), REPLY.slice(at)])).toEqual(expected);
    expect(oneByOne(REPLY)).toEqual(expected);
  });

  // At MAX_TAG characters and more, a tag whose '>' is already in the input is read as a tag and one still to
  // come is not: whole and streamed replies differ there, as they did before the held-tag shortcut.
  it('an opening tag just short of MAX_TAG characters is a tag, however it arrives', () => {
    for (const length of [MAX_TAG - 3, MAX_TAG - 2, MAX_TAG - 1]) {
      for (const inBlock of [false, true]) {
        const tag = `<code path="${'x'.repeat(length - 13)}"`;
        const reply = inBlock ? `<code path="a.ts">\nbody ${tag}> more\n</code>\n` : `Text ${tag}> more`;
        const expected = whole(reply);
        expect(oneByOne(reply)).toEqual(expected);
        for (const size of [7, 100, 1000]) {
          const chunks = reply.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
          expect(parseIn(chunks)).toEqual(expected);
        }
      }
    }
  });

  it('a long body streamed a character at a time comes through unit for unit: surrogate pairs split across pushes, lone ones kept', () => {
    const content = `${'const s = "é😀\uD800x";\n'.repeat(400)}export default s;\n`;
    const reply = `<code path="a.ts">\n${content}</code>\n`;
    expect(oneByOne(reply)).toEqual(whole(reply));
    expect(oneByOne(reply)).toEqual([
      { type: 'change', change: { action: 'write', path: 'a.ts', content } },
      { type: 'end', truncated: false },
    ]);
  });

  it('refuses a body over the limit the same, one character at a time', () => {
    const reply = `<code path="a.ts">\n${'x'.repeat(3000)}\n</code>\n<code path="b.ts">b</code>`;
    expect(oneByOne(reply, 2000)).toEqual(whole(reply, 2000));
    expect(whole(reply, 2000).map((e) => (e.type === 'error' ? e.code : e.type))).toEqual(['CONTENT_TOO_LARGE', 'change', 'end']);
  });

  const piece = fc.constantFrom('<', '/', 'c', 'o', 'd', 'e', '>', ' ', '\n', 'x', '<code', '</code', '<code path="p.ts">', '</code>', '<response>', ']]>', '<![CDATA[', '😀', '\uD800');
  it('gives the same events for any split of replies made of tag fragments (property)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 10 }), (pieces, sizes) => {
        const reply = pieces.join('');
        const chunks: string[] = [];
        for (let at = 0, k = 0; at < reply.length; k++) {
          const size = sizes[k % sizes.length];
          chunks.push(reply.slice(at, at + size));
          at += size;
        }
        const expected = whole(reply);
        expect(oneByOne(reply)).toEqual(expected);
        expect(parseIn(chunks)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
