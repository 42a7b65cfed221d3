import { buildContext, type ContextFile, ReplyParser, TokenCounter } from '@studio/llm';
import { type Row, stats, timeIt } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);

function project(): ContextFile[] {
  return Array.from({ length: 300 }, (_, i) => ({
    path: `src/sections/Section${i}.tsx`,
    content: `import { useState } from 'react';\n\nexport default function Section${i}() {\n${'  // layout and copy of the section\n'.repeat(30 + (i % 30))}  return <section>Section ${i}</section>;\n}\n`,
    sha256: `sha-${i}`,
  }));
}

function reply(blocks: number): string {
  let out = '<response>Here is the page.</response>\n';
  for (let i = 0; i < blocks; i++) {
    out += `<code path="src/c${i}.tsx">\nexport default function C${i}() {\n  return <div className="p-4"><code>x</code> {a < b ? 1 : 2}</div>;\n}\n</code>\n`;
  }
  return out;
}

/** B7: context build for a 300-file project (first turn, and later turns with cached token counts); parser throughput. */
export async function benchContextAndParser(): Promise<{ rows: Row[]; throughput: { chunk: string; mbPerSecond: number }[] }> {
  const files = project();
  const input = { staticPrompt: 'You build landing pages.\n'.repeat(200), message: 'Make Section12 darker', files, contextWindow: 200_000, maxOutputTokens: 8000 };
  const cold = await timeIt(N, async () => buildContext(input, new TokenCounter()));
  const warmCounter = new TokenCounter();
  const warm = await timeIt(N, async () => buildContext(input, warmCounter));
  const rows: Row[] = [
    { figure: 'B7 context build, 300 files, first turn', stats: stats(cold), bar: '≤ 50 ms' },
    { figure: 'B7 context build, 300 files, counts cached', stats: stats(warm), bar: '≤ 50 ms' },
  ];

  const text = reply(20_000);
  const mb = Buffer.byteLength(text) / 1e6;
  const throughput: { chunk: string; mbPerSecond: number }[] = [];
  for (const [label, size] of [
    ['whole reply', text.length],
    ['4 KB chunks', 4096],
    ['1 character at a time', 1],
  ] as const) {
    const samples = await timeIt(3, async () => {
      const parser = new ReplyParser();
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
      parser.end();
    });
    const s = stats(samples);
    throughput.push({ chunk: label, mbPerSecond: Math.round((mb / (s.medianMs / 1000)) * 10) / 10 });
    rows.push({ figure: `B7 parser, ${label} (${mb.toFixed(1)} MB)`, stats: s, bar: '≥ 50 MB/s' });
  }
  return { rows, throughput };
}
