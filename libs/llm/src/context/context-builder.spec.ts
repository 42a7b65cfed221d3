import { type ChatMessage, textOf } from '../provider.js';
import { buildContext, type ContextFile } from './context-builder.js';
import { messageImageTokens } from './image-tokens.js';
import { relativeImports } from './imports.js';
import { instructionsBlock } from './instructions-block.js';
import { TokenCounter } from './token-counter.js';

const counter = new TokenCounter();

/** A 300-file landing-page project: sections, components importing each other, styles. */
function project(): ContextFile[] {
  const files: ContextFile[] = [
    { path: 'index.html', content: '<div id="root"></div><script type="module" src="/src/main.tsx"></script>' },
    { path: 'src/main.tsx', content: "import App from './App';\nimport './index.css';\n" },
    { path: 'src/App.tsx', content: "import Hero from './sections/Hero';\nimport Pricing from './sections/Pricing';\nexport default () => <><Hero /><Pricing /></>;\n" },
    { path: 'src/index.css', content: ':root { --brand: #4f46e5; }\n' },
    { path: 'src/sections/Hero.tsx', content: "import Button from '../components/Button';\nexport default () => <section><h1>Hi</h1><Button /></section>;\n" },
    { path: 'src/sections/Pricing.tsx', content: `export default function Pricing() {\n${'  // tier copy and layout\n'.repeat(200)}  return <section>$9</section>;\n}\n` },
    { path: 'src/components/Button.tsx', content: 'export default () => <button className="btn">Go</button>;\n' },
  ];
  for (let i = files.length; i < 300; i++) {
    files.push({
      path: `src/components/Widget${i}.tsx`,
      content: `export default function Widget${i}() {\n${'  // some layout\n'.repeat(20 + (i % 40))}  return <div>${i}</div>;\n}\n`,
      sha256: `sha-${i}`,
    });
  }
  return files;
}

const conversation = (n: number): ChatMessage[] => Array.from({ length: n }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `message ${i}: ${'words '.repeat(30)}` }) as ChatMessage);

const base = { staticPrompt: 'You build landing pages. Reply in the <response>/<code> format.\n'.repeat(40), maxOutputTokens: 4000 };

/** Tokens of what is actually sent, counted independently of the report. */
const sentTokens = (ctx: ReturnType<typeof buildContext>) =>
  counter.count(ctx.system.static) + counter.count(ctx.system.dynamic) + ctx.messages.reduce((sum, m) => sum + counter.count(textOf(m.content)) + messageImageTokens(m) + 4, 0);

describe('buildContext', () => {
  it.each([8_000, 16_000, 32_000, 128_000, 200_000])('never exceeds the budget for a 300-file project (context window %i)', (contextWindow) => {
    const ctx = buildContext({ ...base, contextWindow, message: 'Make the hero bigger', files: project(), conversation: conversation(8) }, counter);
    expect(ctx.report.tokens.total).toBeLessThanOrEqual(ctx.report.budgetTokens);
    expect(sentTokens(ctx)).toBeLessThanOrEqual(ctx.report.budgetTokens);
    expect(ctx.report.included.length + ctx.report.omitted.length).toBe(300);
    if (contextWindow <= 16_000) expect(ctx.report.omitted.length).toBeGreaterThan(0);
  });

  it('always includes a file named in the message, even a large one with nothing else pointing at it', () => {
    const ctx = buildContext({ ...base, contextWindow: 9_000, message: 'Lower the prices in the Pricing section', files: project() }, counter);
    expect(ctx.report.included[0]).toMatchObject({ path: 'src/sections/Pricing.tsx', reason: 'named' });
    expect(ctx.system.dynamic).toContain('<file path="src/sections/Pricing.tsx">');
  });

  it('ranks recently changed files and what they import before the rest', () => {
    const ctx = buildContext({ ...base, contextWindow: 200_000, message: 'Tweak the copy', files: project(), recentlyChanged: ['src/sections/Hero.tsx'] }, counter);
    const order = ctx.report.included.map((f) => [f.path, f.reason]);
    expect(order.slice(0, 2)).toEqual([
      ['src/sections/Hero.tsx', 'recent'],
      ['src/components/Button.tsx', 'imported'],
    ]);
    expect(order.slice(2, 5).map(([, r]) => r)).toEqual(['entry', 'entry', 'entry']);
  });

  it('replaces old turns with the summary and keeps recent turns verbatim', () => {
    const history = conversation(20);
    const withSummary = buildContext(
      {
        ...base,
        contextWindow: 128_000,
        message: 'Now the footer',
        files: project(),
        conversation: history,
        keepRecentMessages: 6,
        summary: { text: 'They want a dark, bold SaaS page.', coversMessages: 14 },
      },
      counter,
    );
    expect(withSummary.messages).toEqual([...history.slice(14), { role: 'user', content: 'Now the footer' }]);
    expect(withSummary.system.dynamic).toContain('They want a dark, bold SaaS page.');
    expect(withSummary.report).toMatchObject({ needsSummary: false, olderMessagesDropped: 14 });

    const without = buildContext({ ...base, contextWindow: 128_000, message: 'Now the footer', files: project(), conversation: history, keepRecentMessages: 6 }, counter);
    expect(without.messages).toHaveLength(7);
    expect(without.report.needsSummary).toBe(true);
  });

  it('reports token counts and the estimated input cost, with the static prompt at the cached price', () => {
    const ctx = buildContext({ ...base, contextWindow: 128_000, message: 'Hi', files: project().slice(0, 5), price: { input: 3, output: 15, cachedInput: 0.3 } }, counter);
    const t = ctx.report.tokens;
    expect(t.total).toBe(t.static + t.instructions + t.tree + t.files + t.summary + t.conversation + t.message);
    expect(ctx.report.estimatedInputCostUsd).toBeCloseTo(((t.total - t.static) * 3 + t.static * 0.3) / 1e6, 6);
  });
});

describe('buildContext: the order of the prompt, for the providers’ prompt caches', () => {
  const HERO = 'src/sections/Hero.tsx';
  const first = () => buildContext({ ...base, contextWindow: 200_000, message: 'Make the hero about coffee', files: project() }, counter);
  // The follow-up: the first reply rewrote the hero (version 2), and the chat holds that exchange.
  const followUp = () => {
    const files = project().map((f) => (f.path === HERO ? { path: HERO, content: 'export default () => <section><h1>Fresh coffee, roasted daily</h1></section>;\n' } : f));
    const conversation: ChatMessage[] = [
      { role: 'user', content: 'Make the hero about coffee' },
      { role: 'assistant', content: 'Done.' },
    ];
    return buildContext({ ...base, contextWindow: 200_000, message: 'Make the hero headline shorter', files, conversation, lastChanged: { [HERO]: 2 } }, counter);
  };

  it('sends the files unchanged since the previous turn first and in the same order, so the previous prompt is a prefix up to the changed one', () => {
    const [a, b] = [first(), followUp()];
    const stableA = a.system.dynamic.slice(0, a.system.stableChars);
    const stableB = b.system.dynamic.slice(0, b.system.stableChars);
    // The hero was named the first time (so it went after the stable part) and changed since: the stable part is the same.
    expect(stableA).toBe(stableB);
    expect(stableA).not.toContain(`<file path="${HERO}">`);
    expect(b.system.dynamic.slice(b.system.stableChars)).toContain(`<file path="${HERO}">\nexport default () => <section><h1>Fresh coffee`);
    expect(stableB.length / b.system.dynamic.length).toBeGreaterThan(0.9);
  });

  it('includes the same files as the ranking and budget choose, each once; only their order changed', () => {
    for (const ctx of [
      first(),
      followUp(),
      buildContext({ ...base, contextWindow: 16_000, message: 'Tweak the copy', files: project(), lastChanged: { 'src/components/Widget40.tsx': 3 } }, counter),
    ]) {
      const sent = [...ctx.system.dynamic.matchAll(/<file path="([^"]+)">/g)].map((m) => m[1]);
      expect(sent.sort()).toEqual(ctx.report.included.map((f) => f.path).sort());
    }
  });

  it('under a tight budget, marks a head of the stable part that the follow-up sends again though its longer conversation leaves files out', () => {
    const contextWindow = 16_000;
    const a = buildContext({ ...base, contextWindow, message: 'Make the hero about coffee', files: project() }, counter);
    const reply = `Done.\n<code path="${HERO}">\n${'export default () => <section><h1>Fresh coffee</h1></section>;\n'.repeat(30)}</code>`;
    const conversation: ChatMessage[] = [
      { role: 'user', content: 'Make the hero about coffee' },
      { role: 'assistant', content: reply },
    ];
    const b = buildContext({ ...base, contextWindow, message: 'Make the hero headline shorter', files: project(), conversation, lastChanged: { [HERO]: 2 } }, counter);
    // The follow-up leaves out files the first turn sent, so the first turn's stable part is not the follow-up's…
    expect(b.report.omitted.some((o) => o.reason === 'budget' && a.report.included.some((f) => f.path === o.path))).toBe(true);
    expect(b.system.dynamic.startsWith(a.system.dynamic.slice(0, a.system.stableChars))).toBe(false);
    // …but the head marked durable is the follow-up's too, marked at the same place, and most of the stable part.
    const durable = a.system.dynamic.slice(0, a.system.durableChars);
    expect(b.system.dynamic.slice(0, b.system.durableChars)).toBe(durable);
    expect(durable).toMatch(/<\/file>\n$/);
    expect(a.system.durableChars / a.system.stableChars).toBeGreaterThan(0.5);
  });

  it('marks where the unchanged part ends: all of it when nothing changed and nothing is named', () => {
    const ctx = buildContext({ ...base, contextWindow: 200_000, message: 'Tweak the copy', files: project().slice(0, 7) }, counter);
    expect(ctx.system.stableChars).toBe(ctx.system.dynamic.length);
    const named = buildContext({ ...base, contextWindow: 200_000, message: 'Tweak the Pricing', files: project().slice(0, 7) }, counter);
    expect(named.system.dynamic.slice(named.system.stableChars)).toMatch(/^## Recently changed or named files\n<file path="src\/sections\/Pricing.tsx">/);
  });
});

describe("buildContext: the person's standing instructions", () => {
  const build = (instructions: string | undefined, contextWindow = 200_000) =>
    buildContext({ ...base, contextWindow, message: 'Make the hero bigger', files: project().slice(0, contextWindow < 10_000 ? 300 : 7), instructions }, counter);

  it('go in their own block after the static prompt and before the files, with their own line in the report', () => {
    const ctx = build('Write in British English.\nNever use the word "synergy".');
    const dynamic = ctx.system.dynamic;
    expect(ctx.system.static).toBe(base.staticPrompt);
    expect(dynamic.startsWith("## The person's standing instructions for this project\n")).toBe(true);
    expect(dynamic).toContain('<instructions>\nWrite in British English.\nNever use the word "synergy".\n</instructions>');
    expect(dynamic.indexOf('</instructions>')).toBeLessThan(dynamic.indexOf('## Project files'));
    expect(dynamic.indexOf('</instructions>')).toBeLessThan(dynamic.indexOf('<file path='));
    const t = ctx.report.tokens;
    expect(t.instructions).toBe(counter.count(instructionsBlock('Write in British English.\nNever use the word "synergy".')));
    expect(t.instructions).toBeGreaterThan(10);
    expect(t.total).toBe(t.static + t.instructions + t.tree + t.files + t.summary + t.conversation + t.message);
  });

  it('add nothing when absent, empty or blank', () => {
    const none = build(undefined);
    for (const blank of ['', '  \n\t\n']) {
      const ctx = build(blank);
      expect(ctx.system.dynamic).toBe(none.system.dynamic);
      expect(ctx.report.tokens).toEqual(none.report.tokens);
    }
    expect(none.report.tokens.instructions).toBe(0);
    expect(none.system.dynamic).not.toContain('standing instructions');
  });

  it('count against the budget: the files make room for them, and the total stays within it', () => {
    const long = 'Keep the pricing section, always. '.repeat(200);
    const without = build(undefined, 9_000);
    const withThem = build(long, 9_000);
    expect(withThem.report.tokens.total).toBeLessThanOrEqual(withThem.report.budgetTokens);
    expect(withThem.report.tokens.files).toBeLessThan(without.report.tokens.files);
    expect(withThem.system.dynamic).toContain(long.trim());
  });
});

describe('relativeImports', () => {
  it('resolves relative imports to project paths, and ignores packages and paths outside the project', () => {
    const exists = (p: string) => ['src/components/Button.tsx', 'src/theme.css', 'src/lib/index.ts'].includes(p);
    const source = "import Button from '../components/Button';\nimport '../theme.css';\nimport { x } from '../lib';\nimport React from 'react';\nimport y from '../../../outside';\n";
    expect(relativeImports('src/sections/Hero.tsx', source, exists).sort()).toEqual(['src/components/Button.tsx', 'src/lib/index.ts', 'src/theme.css']);
  });
});

describe('TokenCounter', () => {
  it('counts with a real tokenizer, not characters/4', () => {
    expect(counter.count('hello world')).toBe(2);
    expect(counter.count('export default function App() {}')).toBeLessThan('export default function App() {}'.length / 2);
  });
});
