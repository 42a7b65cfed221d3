import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { componentSignature, textProps } from '@studio/catalog';
import { type InsertedSection, placeholderWarnings } from './placeholder-warnings.js';

const signature = componentSignature(readFileSync(resolve('templates/library/pricing/pricing-tiers.tsx'), 'utf8'), 'pricing-tiers.tsx');
const PRICING: InsertedSection = {
  path: 'src/components/Pricing.tsx',
  component: 'pricing-tiers',
  textProps: textProps(signature),
  placeholder: signature.placeholder,
};
const SECTION = 'export default function PricingTiers(props: { title?: string }) {\n  return <section>{props.title}</section>;\n}\n';

/** A project after the reply: the inserted section, the page, and whatever else the test adds. */
const project = (app: string, more: Record<string, string> = {}) =>
  new Map<string, string>([['src/components/Pricing.tsx', SECTION], ['src/App.tsx', app], ['src/index.css', '@import "tailwindcss";\n'], ...Object.entries(more)]);

describe('placeholderWarnings', () => {
  it('App.tsx renders <Pricing /> after the insert: a warning on that line, quoting the placeholder copy', () => {
    const app = `import Hero from './components/Hero';
import Pricing from './components/Pricing';

export default function App() {
  return (
    <main>
      <Hero title="Plan your week in minutes" />
      <Pricing />
    </main>
  );
}
`;
    expect(placeholderWarnings(project(app, { 'src/components/Hero.tsx': 'export default function Hero(p: { title?: string }) { return <h1>{p.title}</h1>; }\n' }), [PRICING])).toEqual([
      {
        code: 'SECTION_PLACEHOLDER',
        path: 'src/App.tsx',
        line: 8,
        column: 7,
        message:
          "<Pricing> (pricing-tiers) is rendered without its text props (eyebrow, title, subtitle, yearlyNote, popularLabel, tiers): the library's placeholder copy will show ('Simple plans that grow with your team'...)",
      },
    ]);
  });

  it('rendered with only props that are not copy (id, a className): still a warning', () => {
    const app = 'import Plans from \'./components/Pricing.tsx\';\nexport default () => <Plans id="plans" />;\n';
    const [w] = placeholderWarnings(project(app), [PRICING]);
    expect(w).toMatchObject({ path: 'src/App.tsx', line: 2, message: expect.stringMatching(/^<Plans> \(pricing-tiers\) is rendered without its text props/) });
  });

  it('<Pricing title="..." tiers={...} />, or a spread of props: no warning', () => {
    const app = `import Pricing from './components/Pricing';
const tiers = [{ name: 'Solo', monthlyPrice: '$9', yearlyPrice: '$7', description: 'For one.', features: ['All of it'], action: { label: 'Buy', href: '#buy' } }];
export default function App() {
  const rest = { title: 'Plans for every kitchen' };
  return (
    <>
      <Pricing title="Plans for every kitchen" tiers={tiers} />
      <Pricing {...rest} />
    </>
  );
}
`;
    expect(placeholderWarnings(project(app), [PRICING])).toEqual([]);
  });

  it('an inserted section nothing renders: a warning on the section', () => {
    const app = "import type { PricingTiersProps } from './components/Pricing';\nexport default function App() {\n  return <main />;\n}\n";
    expect(placeholderWarnings(project(app), [PRICING])).toEqual([
      {
        code: 'SECTION_PLACEHOLDER',
        path: 'src/components/Pricing.tsx',
        message:
          'src/components/Pricing.tsx (pricing-tiers) was inserted but nothing renders it: import it where the page is built (src/App.tsx) and render it with its text props (eyebrow, title, subtitle, yearlyNote, popularLabel, tiers)',
      },
    ]);
  });

  it('follows a re-export through an index barrel to the element that renders it', () => {
    const files = project("import { Pricing } from './components';\nexport default () => (\n  <main>\n    <Pricing />\n  </main>\n);\n", {
      'src/components/index.ts': "export { default as Pricing } from './Pricing';\n",
    });
    expect(placeholderWarnings(files, [PRICING])).toEqual([expect.objectContaining({ path: 'src/App.tsx', line: 4, column: 5 })]);
  });

  it('a lazy import() is a use it cannot follow: no "not rendered" claim', () => {
    const app = "import { lazy } from 'react';\nconst Pricing = lazy(() => import('./components/Pricing'));\nexport default () => <Pricing />;\n";
    expect(placeholderWarnings(project(app), [PRICING])).toEqual([]);
  });

  it('an inserted path the reply later deleted is left alone; an importer that does not parse renders nothing', () => {
    const files = project('export default () => <main />;\n');
    files.delete('src/components/Pricing.tsx');
    expect(placeholderWarnings(files, [PRICING])).toEqual([]);
    const broken = project("import Pricing from './components/Pricing';\nexport default () => <Pricing />\nconst = ;\n");
    expect(placeholderWarnings(broken, [PRICING]).map((w) => w.message)).toEqual([expect.stringContaining('was inserted but nothing renders it')]);
  });
});
