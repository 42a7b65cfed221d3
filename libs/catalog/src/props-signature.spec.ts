import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ComponentLibrary } from './component-library.js';
import { componentSignature, textProps } from './props-signature.js';

const DIR = resolve('templates/library');
const section = (category: string, id: string) => readFileSync(join(DIR, category, `${id}.tsx`), 'utf8');

describe('componentSignature: real library sections', () => {
  it('pricing-tiers: its tier interface written out in place, without the JSDoc', () => {
    const sig = componentSignature(section('pricing', 'pricing-tiers'), 'pricing-tiers.tsx');
    expect(sig.component).toBe('PricingTiers');
    expect(sig.text).toBe(
      'PricingTiers { id?: string; eyebrow?: string; title?: string; subtitle?: string; yearlyNote?: string; popularLabel?: string; ' +
        'tiers?: { name: string; monthlyPrice: string; yearlyPrice: string; description: string; features: string[]; ' +
        'action: { label: string; href: string }; billingNote?: string; featured?: boolean }[] }',
    );
    expect(sig.text).not.toContain('/**');
    expect(textProps(sig)).toEqual(['eyebrow', 'title', 'subtitle', 'yearlyNote', 'popularLabel', 'tiers']);
    expect(sig.placeholder).toBe('Simple plans that grow with your team');
  });

  it('navbar-simple: an outside type (LucideIcon) stays a name and is not copy; hrefs are not copy', () => {
    const sig = componentSignature(section('navbar', 'navbar-simple'), 'navbar-simple.tsx');
    expect(sig.props.find((p) => p.name === 'brandIcon')).toEqual({ name: 'brandIcon', type: 'LucideIcon', optional: true, copy: false });
    expect(sig.props.find((p) => p.name === 'links')).toEqual({ name: 'links', type: '{ label: string; href: string }[]', optional: true, copy: true });
    expect(textProps(sig)).toEqual(['brand', 'links', 'action', 'secondaryAction']);
  });

  it('hero, navbar and testimonial sections: their optional pictures are in the signature, and are not copy', () => {
    const img = '{ src: string; alt: string; width: number; height: number }';
    const prop = (category: string, id: string, name: string) => componentSignature(section(category, id), `${id}.tsx`).props.find((p) => p.name === name);
    expect(prop('navbar', 'navbar-simple', 'logo')).toEqual({ name: 'logo', type: img, optional: true, copy: false });
    expect(prop('navbar', 'navbar-minimal', 'logo')).toEqual({ name: 'logo', type: img, optional: true, copy: false });
    for (const id of ['hero-centered', 'hero-split']) {
      expect(prop('hero', id, 'image')).toEqual({ name: 'image', type: '{ src: string; alt: string; width: number; height: number; srcSet?: string }', optional: true, copy: false });
    }
    expect(prop('testimonials', 'testimonial-spotlight', 'avatar')).toEqual({ name: 'avatar', type: img, optional: true, copy: false });
    expect(prop('testimonials', 'testimonials-grid', 'testimonials')?.type).toContain(`avatar?: ${img} }[]`);
    expect(prop('team', 'team-grid', 'members')?.type).toContain(`avatar?: ${img} }[]`);
  });

  it('faq-accordion: fields required inside its item type keep no ?, the props themselves all have one', () => {
    const sig = componentSignature(section('faq', 'faq-accordion'), 'faq-accordion.tsx');
    expect(sig.props.find((p) => p.name === 'items')).toMatchObject({ type: '{ question: string; answer: string }[]', optional: true });
    expect(sig.props.every((p) => p.optional)).toBe(true);
  });

  it('features-alternating: a union alias of object types is parenthesised only where it must be', () => {
    const rows = componentSignature(section('features', 'features-alternating'), 'features-alternating.tsx').props.find((p) => p.name === 'rows')!;
    expect(rows.type).toContain("visual: { kind: 'chart'; label: string;");
    expect(rows.type).toContain("| { kind: 'toggles'; items: { label: string; note: string; on: boolean }[] } }[]");
  });

  it('is the same text parse after parse', () => {
    const source = section('team', 'team-grid');
    expect(componentSignature(source, 'a')).toEqual(componentSignature(source, 'a'));
  });
});

describe('componentSignature: the type syntax it prints', () => {
  const sig = (types: string, params = 'props: Props') => componentSignature(`${types}\nexport default function Thing(${params}) { return null; }\n`, 'thing.tsx');

  it('aliases, unions in arrays, functions, literals, readonly, generics and ReactNode', () => {
    const s = sig(
      `type Tone = 'calm' | 'loud';
       interface Base { label: string }
       export interface Props extends Base {
         tone?: Tone[];
         onPick?: (value: string, index?: number) => void;
         pairs?: readonly [string, number][];
         extra?: Record<string, number>;
         children?: React.ReactNode;
         'data-x'?: 1 | true;
       }`,
    );
    expect(s.text).toBe(
      "Thing { label: string; tone?: ('calm' | 'loud')[]; onPick?: (value: string, index?: number) => void; pairs?: readonly [string, number][]; " +
        "extra?: Record<string, number>; children?: React.ReactNode; 'data-x'?: 1 | true }",
    );
    expect(textProps(s)).toEqual(['label', 'pairs', 'children']);
  });

  it('a recursive type stops at its own name', () => {
    expect(sig('interface Node { title: string; children?: Node[] }\ninterface Props { tree?: Node }').text).toBe('Thing { tree?: { title: string; children?: Node[] } }');
  });

  it('an inline props type, and no props at all', () => {
    expect(sig('', '{ title = "Hi" }: { title?: string }').text).toBe('Thing { title?: string }');
    expect(sig('', '{ title = "Hi" }: { title?: string }').placeholder).toBe('Hi');
    expect(sig('', 'props: {}').text).toBe('Thing {}');
  });

  it('refuses what is not a library section, naming the file', () => {
    expect(() => componentSignature('export function Thing() { return null; }\n', 'x.tsx')).toThrow(/x\.tsx: no `export default function/);
    expect(() => sig('', 'props')).toThrow(/thing\.tsx: the props parameter of Thing has no type/);
    expect(() => sig('interface Props { a?: keyof typeof window extends string ? 1 : 2 }')).toThrow(/thing\.tsx: a TsConditionalType/);
  });
});

describe('ComponentLibrary: signatures', () => {
  let library: ComponentLibrary;
  beforeAll(async () => {
    library = await ComponentLibrary.load(DIR);
  });

  it('every section has one, in the catalog, naming its props as library.json does', () => {
    for (const entry of library.catalog()) {
      const manifest = library.get(entry.id)!;
      const sig = library.signature(entry.id)!;
      expect(entry.signature).toBe(sig.text);
      expect(entry.signature).toMatch(/^[A-Z][A-Za-z0-9]* \{ .* \}$/);
      expect(sig.props.map((p) => p.name).sort()).toEqual(manifest.props.map((p) => p.name).sort());
      // Every section has copy to replace, and a placeholder line to quote when it is not replaced.
      expect(textProps(sig).length).toBeGreaterThan(0);
      expect(sig.placeholder).toEqual(expect.any(String));
    }
  });

  it('stays lean: one line per section, a few thousand characters for the whole library', () => {
    const added = library.catalog().reduce((n, e) => n + e.signature.length + 1, 0);
    expect(library.catalog().every((e) => !e.signature.includes('\n'))).toBe(true);
    expect(added).toBeLessThan(6000);
  });

  it('is byte-identical from one load to the next', async () => {
    const again = await ComponentLibrary.load(DIR);
    expect(again.catalog()).toEqual(library.catalog());
  });

  it('has no signature for an unknown id', () => {
    expect(library.signature('no-such-section')).toBeNull();
  });
});
