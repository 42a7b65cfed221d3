import { edited, PREVIEW_TYPES, templateProject } from './testing/landing-project.js';
import { TypeChecker } from './type-checker.js';

const landing = templateProject('landing');

/** The default template plus `count` generated sections, each with its own props and icon, all rendered by App.tsx. */
function largeProject(count: number): Map<string, string | Buffer> {
  const files = new Map(landing);
  const names = Array.from({ length: count }, (_, i) => `Section${i}`);
  for (const [i, name] of names.entries()) {
    files.set(
      `src/sections/${name}.tsx`,
      [
        "import { Check } from 'lucide-react';",
        '',
        `export interface ${name}Props {`,
        '  title: string;',
        '  items?: string[];',
        '}',
        '',
        `export default function ${name}({ title, items = ['One', 'Two'] }: ${name}Props) {`,
        '  return (',
        `    <section id="s${i}" className="px-6 py-16">`,
        '      <h2 className="text-2xl font-bold">{title}</h2>',
        '      <ul>{items.map((item) => <li key={item}><Check className="size-4" /> {item}</li>)}</ul>',
        '    </section>',
        '  );',
        '}',
        '',
      ].join('\n'),
    );
  }
  const imports = names.map((n) => `import ${n} from './sections/${n}';`).join('\n');
  const rendered = names.map((n) => `      <${n} title="${n}" />`).join('\n');
  files.set('src/App.tsx', `${imports}\n\nexport default function App() {\n  return (\n    <main>\n${rendered}\n    </main>\n  );\n}\n`);
  return files;
}

describe('TypeChecker with many files and many projects', () => {
  it('checks a 300-file project, then one changed section and App.tsx only', () => {
    const checker = new TypeChecker({ typesRoot: PREVIEW_TYPES });
    try {
      const files = largeProject(290);
      expect(files.size).toBeGreaterThanOrEqual(300);
      const code = [...files.keys()].filter((p) => /^src\/.*\.tsx?$/.test(p));
      const first = checker.check('large', files, code);
      expect(first.checked).toHaveLength(code.length);
      expect(first.diagnostics).toEqual([]);

      const broken = edited(files, 'src/sections/Section12.tsx', (t) => t.replace("import { Check } from 'lucide-react';", "import { Checks as Check } from 'lucide-react';"));
      const second = checker.check('large', broken, ['src/sections/Section12.tsx']);
      expect(second.checked).toEqual(['src/App.tsx', 'src/sections/Section12.tsx']);
      expect(second.diagnostics.filter((d) => d.breaksPage)).toEqual([
        { file: 'src/sections/Section12.tsx', line: 1, column: 10, code: 2724, message: expect.stringContaining("Did you mean 'Check'?"), breaksPage: true },
      ]);
    } finally {
      checker.dispose();
    }
  }, 60_000);

  it('keeps checking correctly when projects are evicted and come back', () => {
    const checker = new TypeChecker({ typesRoot: PREVIEW_TYPES, maxProjects: 2 });
    try {
      const broken = edited(landing, 'src/components/Footer.tsx', (t) => t.replace('{brand}\n', '{brand}\n              <Github />\n'));
      const footer = ['src/components/Footer.tsx'];
      for (const key of ['a', 'b', 'c']) expect(checker.check(key, landing, footer).diagnostics).toEqual([]);
      // 'a' was evicted by 'c': it is compiled again from the files given, and sees the new error.
      expect(checker.check('a', broken, footer).diagnostics).toMatchObject([{ file: 'src/components/Footer.tsx', code: 2304, breaksPage: true }]);
      // 'c' stayed open; 'b' was evicted by 'a' and comes back clean.
      expect(checker.check('c', broken, footer).diagnostics).toMatchObject([{ code: 2304 }]);
      expect(checker.check('b', landing, footer).diagnostics).toEqual([]);
      // A project disposed by key, and then the whole compiler, come back on the next check.
      checker.dispose('a');
      expect(checker.check('a', landing, footer).diagnostics).toEqual([]);
      checker.dispose();
      expect(checker.check('c', landing, footer)).toMatchObject({ checked: ['src/App.tsx', 'src/components/Footer.tsx'], diagnostics: [] });
    } finally {
      checker.dispose();
    }
  }, 60_000);
});
