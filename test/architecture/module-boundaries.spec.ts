import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The dependency rule of docs/ARCHITECTURE.md, checked on every import in the tree: libs never import apps,
 * libs/files, libs/llm and libs/containers never import each other, and each tag imports only the tags
 * module-boundaries.json allows.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rules = JSON.parse(readFileSync(join(ROOT, 'module-boundaries.json'), 'utf8')) as {
  depConstraints: { sourceTag: string; onlyDependOnLibsWithTags: string[] }[];
  bannedImports: { sourceTag: string; packages: string[]; why: string }[];
};

interface Project {
  name: string;
  packageName: string;
  root: string;
  tags: string[];
  declared: Set<string>;
}

const projects: Project[] = ['apps', 'libs', 'tools'].flatMap((group) =>
  readdirSync(join(ROOT, group)).map((dir) => {
    const root = join(ROOT, group, dir);
    const project = JSON.parse(readFileSync(join(root, 'project.json'), 'utf8'));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    return { name: project.name, packageName: pkg.name, root, tags: project.tags ?? [], declared: new Set(Object.keys(pkg.dependencies ?? {})) };
  }),
);
const byPackage = new Map(projects.map((p) => [p.packageName, p]));
const ownerOf = (file: string) => projects.find((p) => file.startsWith(p.root + sep));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);

function violations(): string[] {
  const found: string[] = [];
  for (const project of projects) {
    const allowed = new Set(project.tags.flatMap((t) => rules.depConstraints.find((c) => c.sourceTag === t)?.onlyDependOnLibsWithTags ?? []));
    const banned = rules.bannedImports.filter((b) => project.tags.includes(b.sourceTag));
    for (const file of sourceFiles(join(project.root, 'src'))) {
      const where = relative(ROOT, file);
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = ownerOf(resolve(dirname(file), spec));
          if (target !== project) found.push(`${where}: relative import "${spec}" leaves ${project.name}; import its package instead`);
          continue;
        }
        const pkgName = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        for (const b of banned) {
          if (b.packages.some((p) => (p.endsWith('/*') ? pkgName.startsWith(p.slice(0, -1)) : pkgName === p))) found.push(`${where}: imports ${pkgName}, banned in ${b.sourceTag} (${b.why})`);
        }
        const target = byPackage.get(pkgName);
        if (!target) continue;
        if (!target.tags.some((t) => allowed.has(t))) found.push(`${where}: ${project.name} [${project.tags}] may not import ${target.name} [${target.tags}]`);
        if (!project.declared.has(pkgName)) found.push(`${where}: imports ${pkgName} but ${project.name}'s package.json does not declare it`);
      }
    }
  }
  return found;
}

describe('module boundaries', () => {
  it('every project has a tag with a rule', () => {
    for (const p of projects) expect(p.tags.some((t) => rules.depConstraints.some((c) => c.sourceTag === t))).toBe(true);
  });

  it('no import breaks the dependency rule', () => {
    expect(violations()).toEqual([]);
  });

  it('the feature libs do not import each other', () => {
    const feature = projects
      .filter((p) => p.tags.includes('type:feature-lib'))
      .map((p) => p.name)
      .sort();
    expect(feature).toEqual(['assets', 'catalog', 'containers', 'files', 'llm', 'page-edits', 'publish', 'typecheck']);
    const rule = rules.depConstraints.find((c) => c.sourceTag === 'type:feature-lib')!;
    expect(rule.onlyDependOnLibsWithTags).not.toContain('type:feature-lib');
    expect(rule.onlyDependOnLibsWithTags).not.toContain('type:app');
  });

  it('the API never imports the model layer (it never talks to a model itself; the worker does)', () => {
    const api = projects.find((p) => p.name === 'api')!;
    const banned = rules.bannedImports.filter((b) => api.tags.includes(b.sourceTag)).flatMap((b) => b.packages);
    expect(banned).toEqual(expect.arrayContaining(['@studio/llm', 'openai', '@anthropic-ai/sdk']));
    expect(api.declared.has('@studio/llm')).toBe(false);
    // The rule is the API's alone: the worker runs the turns.
    const worker = projects.find((p) => p.name === 'worker')!;
    expect(rules.bannedImports.filter((b) => worker.tags.includes(b.sourceTag)).flatMap((b) => b.packages)).not.toContain('@studio/llm');
  });

  it('the shared rules and the domain lib are pure: no Nest, database or queue, no decorators', () => {
    expect(projects.filter((p) => p.tags.includes('type:shared-rules')).map((p) => p.name)).toEqual(['imports']);
    expect(projects.filter((p) => p.tags.includes('type:domain-lib')).map((p) => p.name)).toEqual(['validation']);
    for (const tag of ['type:shared-rules', 'type:domain-lib']) {
      expect(rules.bannedImports.find((b) => b.sourceTag === tag)?.packages).toEqual(expect.arrayContaining(['@nestjs/*', 'typeorm', 'ioredis', 'bullmq']));
      for (const project of projects.filter((p) => p.tags.includes(tag))) {
        const decorated = sourceFiles(join(project.root, 'src')).filter((f) => /^\s*@[A-Z]\w*\(/m.test(readFileSync(f, 'utf8')));
        expect(decorated.map((f) => relative(ROOT, f))).toEqual([]);
      }
    }
    // The resolver's lib sits below every feature lib, so libs/llm and the validation lib can both use it.
    expect(rules.depConstraints.find((c) => c.sourceTag === 'type:shared-rules')!.onlyDependOnLibsWithTags).toEqual([]);
  });

  it('the checker catches a lib importing an app or a sibling feature lib', () => {
    // Guard against a checker that silently passes: feed it the imports a violation would have.
    const files = projects.find((p) => p.name === 'files')!;
    const allowed = rules.depConstraints.find((c) => c.sourceTag === files.tags[0])!.onlyDependOnLibsWithTags;
    for (const forbidden of ['llm', 'containers', 'api', 'worker', 'platform']) {
      const target = projects.find((p) => p.name === forbidden)!;
      expect(target.tags.some((t) => allowed.includes(t))).toBe(false);
    }
    expect(importsOf(join(ROOT, 'apps/api/src/main.ts'))).toEqual(expect.arrayContaining(['@studio/config', './app.module.js']));
  });
});
