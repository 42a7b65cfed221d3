import { importersOf, resolveRelative } from './import-graph.js';

const project = new Set(['src/App.tsx', 'src/components/Hero.tsx', 'src/lib/index.ts', 'src/data.json', 'src/ui/Button.tsx']);
const exists = (p: string) => project.has(p);

describe('resolveRelative', () => {
  it.each([
    ['src/App.tsx', './components/Hero', 'src/components/Hero.tsx'],
    ['src/App.tsx', './components/Hero.js', 'src/components/Hero.tsx'],
    ['src/App.tsx', './lib', 'src/lib/index.ts'],
    ['src/App.tsx', './data.json', 'src/data.json'],
    ['src/components/Hero.tsx', '../ui/Button', 'src/ui/Button.tsx'],
    ['src/App.tsx', './components/Testimonial', null],
    ['src/App.tsx', 'react', null],
    ['src/App.tsx', '../../outside', null],
  ])('from %s, %s is %s', (from, specifier, expected) => {
    expect(resolveRelative(from, specifier, exists)).toBe(expected);
  });
});

describe('importersOf', () => {
  it('lists the files importing a target, directly', () => {
    const imports: Record<string, string[]> = {
      'src/App.tsx': ['react', './components/Hero'],
      'src/components/Hero.tsx': ['../ui/Button', 'lucide-react'],
      'src/ui/Button.tsx': ['clsx'],
    };
    const importers = (target: string) => importersOf(new Set([target]), Object.keys(imports), (f) => imports[f] ?? [], exists);
    expect(importers('src/ui/Button.tsx')).toEqual(['src/components/Hero.tsx']);
    expect(importers('src/components/Hero.tsx')).toEqual(['src/App.tsx']);
    expect(importers('src/App.tsx')).toEqual([]);
  });
});
