import { ChangeValidator } from './change-validator.js';
import { REPAIRABLE } from './refusals.js';
import { WorkingTree } from './working-tree.js';

const base = () =>
  new WorkingTree(
    new Map(
      Object.entries({
        'src/App.tsx': "import Hero from './components/Hero';\nexport default function App() { return <Hero />; }\n",
        'src/components/Hero.tsx': 'export default function Hero() { return <h1>Hi</h1>; }\n',
        'src/components/Old.tsx': 'export const Old = 1;\n',
        'package.json': JSON.stringify({ name: 'p', scripts: { dev: 'vite' } }),
      }).map(([p, c]) => [p, Buffer.from(c)]),
    ),
  );

// A one-component library: the real one is tested in libs/catalog; here only the validator's use of it.
const PRICING = "import { Check } from 'lucide-react';\nexport default function PricingTiers() { return <h2>Plans</h2>; }\n";
const library = { source: (id: string) => (id === 'pricing-tiers' ? PRICING : null), suggest: (id: string) => (id.startsWith('pricing') ? ['pricing-tiers'] : []) };

const limits = { maxFileBytes: 10_000, maxFiles: 6, maxProjectBytes: 100_000, maxPathLength: 256 };
const make = (tree = base()) => ({ tree, v: new ChangeValidator(tree, { packages: new Set(['react', 'react-dom', 'lucide-react']), limits, components: library }) });
const paths = (v: ChangeValidator) => v.accepted.map((a) => `${a.view.action}:${a.view.path}`);

describe('ChangeValidator', () => {
  it('accepts a valid write at once and applies it to the working tree', () => {
    const { tree, v } = make();
    const out = v.check({ action: 'write', path: 'src/components/Badge.tsx', content: "import { useState } from 'react';\nexport const Badge = () => <b />;\n" });
    expect(out.accepted.map((a) => a.view)).toEqual([{ action: 'write', path: 'src/components/Badge.tsx' }]);
    expect(tree.has('src/components/Badge.tsx')).toBe(true);
  });

  it('holds a write whose relative import is not there yet, and accepts both when the import arrives', () => {
    const { v } = make();
    expect(v.check({ action: 'write', path: 'src/components/Card.tsx', content: "import { Badge } from './Badge';\nexport const Card = () => <Badge />;\n" }).accepted).toEqual([]);
    const out = v.check({ action: 'write', path: 'src/components/Badge.tsx', content: 'export const Badge = () => <b />;\n' });
    expect(out.accepted.map((a) => a.view.path)).toEqual(['src/components/Badge.tsx', 'src/components/Card.tsx']);
    expect(v.finish().refused).toEqual([]);
  });

  it('refuses at the end a write whose import never arrived', () => {
    const { v } = make();
    v.check({ action: 'write', path: 'src/components/Card.tsx', content: "import { Badge } from './Badge';\nexport const Card = () => <Badge />;\n" });
    expect(v.finish().refused).toEqual([expect.objectContaining({ path: 'src/components/Card.tsx', code: 'IMPORT_UNRESOLVED' })]);
    expect(v.refused.map((r) => r.code)).toEqual(['IMPORT_UNRESOLVED']);
  });

  it('accepts an <img> of an asset written earlier in the same reply, refuses one of a missing asset with line and column, and marks it repairable', () => {
    const { v } = make();
    const img = (src: string) => `export default function Logo() {\n  return <img src="${src}" alt="Acme" width={64} height={64} />;\n}\n`;
    const missing = v.check({ action: 'write', path: 'src/components/Logo.tsx', content: img('/assets/logo.svg') }).refused[0];
    expect(missing).toMatchObject({ code: 'ASSET_NOT_FOUND', line: 2, column: 20 });
    expect(REPAIRABLE.has('ASSET_NOT_FOUND')).toBe(true);
    v.check({ action: 'write', path: 'public/assets/logo.svg', content: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n' });
    expect(v.check({ action: 'write', path: 'src/components/Logo.tsx', content: img('/assets/logo.svg') }).refused).toEqual([]);
    expect(v.refused).toEqual([]);
  });

  it('applies patches to the working tree and refuses one that does not match', () => {
    const { tree, v } = make();
    v.check({ action: 'patch', path: 'src/components/Hero.tsx', blocks: [{ search: '<h1>Hi</h1>', replace: '<h1>Hello</h1>' }] });
    expect(tree.text('src/components/Hero.tsx')).toContain('Hello');
    expect(v.check({ action: 'patch', path: 'src/components/Hero.tsx', blocks: [{ search: 'nothing like this', replace: 'x' }] }).refused[0].code).toBe('PATCH_NO_MATCH');
    expect(v.check({ action: 'patch', path: 'src/Nope.tsx', blocks: [{ search: 'a', replace: 'b' }] }).refused[0].code).toBe('FILE_NOT_FOUND');
  });

  it('refuses unknown packages, dangerous code, protected files, taken rename targets and unknown components', () => {
    const { v } = make();
    const code = (c: Parameters<ChangeValidator['check']>[0]) => v.check(c).refused[0]?.code;
    expect(code({ action: 'write', path: 'src/a.ts', content: "import _ from 'lodash';\n" })).toBe('IMPORT_NOT_AVAILABLE');
    expect(code({ action: 'write', path: 'src/b.ts', content: "import fs from 'node:fs';\n" })).toBe('IMPORT_NOT_AVAILABLE');
    expect(code({ action: 'write', path: 'src/c.ts', content: 'eval("1");\n' })).toBe('DANGEROUS_CODE');
    expect(code({ action: 'write', path: 'package.json', content: JSON.stringify({ name: 'p', scripts: { dev: 'rm -rf /' } }) })).toBe('PROTECTED_FILE');
    expect(code({ action: 'rename', path: 'src/components/Old.tsx', to: 'src/App.tsx' })).toBe('PATH_EXISTS');
    expect(code({ action: 'delete', path: 'src/none.ts' })).toBe('FILE_NOT_FOUND');
    expect(code({ action: 'insert', path: 'src/P.tsx', component: 'pricing' })).toBe('COMPONENT_NOT_FOUND');
  });

  it('inserts a library component as a write of its source, which a later patch in the reply builds on', () => {
    const { tree, v } = make();
    expect(v.check({ action: 'insert', path: 'src/components/Pricing.tsx', component: 'pricing-tiers' }).accepted.map((a) => a.view)).toEqual([
      { action: 'write', path: 'src/components/Pricing.tsx' },
    ]);
    expect(tree.text('src/components/Pricing.tsx')).toBe(PRICING);
    v.check({ action: 'patch', path: 'src/components/Pricing.tsx', blocks: [{ search: '<h2>Plans</h2>', replace: '<h2>Tickets</h2>' }] });
    expect(tree.text('src/components/Pricing.tsx')).toContain('<h2>Tickets</h2>');
    expect(v.net.map((a) => a.change)).toEqual([{ action: 'write', path: 'src/components/Pricing.tsx', content: Buffer.from(tree.text('src/components/Pricing.tsx')!) }]);
  });

  it('refuses an unknown component with the close matches in the message', () => {
    const { v } = make();
    const [refusal] = v.check({ action: 'insert', path: 'src/components/Pricing.tsx', component: 'pricing-table' }).refused;
    expect(refusal).toMatchObject({ code: 'COMPONENT_NOT_FOUND', path: 'src/components/Pricing.tsx', suggestions: ['pricing-tiers'] });
    expect(refusal.message).toContain('did you mean pricing-tiers?');
  });

  it('enforces the project limits before the commit would', () => {
    const { v } = make();
    expect(v.check({ action: 'write', path: 'src/big.ts', content: `export const s = "${'x'.repeat(10_001)}";\n` }).refused[0].code).toBe('FILE_TOO_LARGE');
    v.check({ action: 'write', path: 'src/a.ts', content: 'export {};\n' });
    v.check({ action: 'write', path: 'src/b.ts', content: 'export {};\n' });
    expect(v.check({ action: 'write', path: 'src/c.ts', content: 'export {};\n' }).refused[0].code).toBe('PROJECT_TOO_MANY_FILES');
  });

  it('undoes a delete that would break an importer, and keeps one that does not', () => {
    const { tree, v } = make();
    v.check({ action: 'delete', path: 'src/components/Hero.tsx' });
    v.check({ action: 'delete', path: 'src/components/Old.tsx' });
    const { refused } = v.finish();
    expect(refused).toEqual([expect.objectContaining({ path: 'src/components/Hero.tsx', code: 'IMPORT_BROKEN' })]);
    expect(tree.has('src/components/Hero.tsx')).toBe(true);
    expect(paths(v)).toEqual(['delete:src/components/Old.tsx']);
  });

  it('drops a refusal the model fixed later in the reply (or in the repair round)', () => {
    const { v } = make();
    v.check({ action: 'write', path: 'src/x.tsx', content: 'export const X = () => <div>;\n' });
    expect(v.refused).toHaveLength(1);
    v.check({ action: 'write', path: 'src/x.tsx', content: 'export const X = () => <div />;\n' });
    expect(v.refused).toEqual([]);
    // ...but a refusal after the last accepted write stands.
    v.check({ action: 'write', path: 'src/x.tsx', content: 'export const X = () => <div>;\n' });
    expect(v.refused.map((r) => r.code)).toEqual(['SYNTAX_ERROR']);
  });

  it('lists each path once in the net changes: a write superseded by a later write is left out', () => {
    const { v } = make();
    v.check({ action: 'insert', path: 'src/components/Pricing.tsx', component: 'pricing-tiers' });
    v.check({ action: 'patch', path: 'src/components/Pricing.tsx', blocks: [{ search: '<h2>Plans</h2>', replace: '<h2>Pricing</h2>' }] });
    v.check({ action: 'write', path: 'src/components/Badge.tsx', content: 'export const Badge = () => <b />;\n' });
    v.check({ action: 'rename', path: 'src/components/Badge.tsx', to: 'src/components/Tag.tsx' });
    expect(paths(v)).toEqual(['write:src/components/Pricing.tsx', 'write:src/components/Pricing.tsx', 'write:src/components/Badge.tsx', 'rename:src/components/Tag.tsx']);
    expect(v.net.map((a) => `${a.view.action}:${a.view.path}`)).toEqual(['write:src/components/Pricing.tsx', 'write:src/components/Badge.tsx', 'rename:src/components/Tag.tsx']);
    expect(v.net[0].change).toMatchObject({ content: Buffer.from(PRICING.replace('<h2>Plans</h2>', '<h2>Pricing</h2>')) });
  });

  it('releases a write waiting for an import when a rename brings the file it names', () => {
    const { v } = make();
    v.check({ action: 'write', path: 'src/components/Card.tsx', content: "import Hero from './Banner';\nexport const Card = () => <Hero />;\n" });
    const out = v.check({ action: 'rename', path: 'src/components/Hero.tsx', to: 'src/components/Banner.tsx' });
    expect(out.accepted.map((a) => `${a.view.action}:${a.view.path}`)).toEqual(['rename:src/components/Banner.tsx', 'write:src/components/Card.tsx']);
  });

  it('reports a change the parser refused, with only the details it has', () => {
    const { v } = make();
    const out = v.refuse({ action: 'write', path: 'src/x.tsx' }, 'CODE_BLOCK_TRUNCATED', 'The reply ended inside the block.', { line: undefined });
    expect(out).toEqual({ accepted: [], refused: [{ action: 'write', path: 'src/x.tsx', code: 'CODE_BLOCK_TRUNCATED', message: 'The reply ended inside the block.' }] });
    expect(v.refused).toEqual(out.refused);
  });
});
