import { StudioError } from '@studio/contracts';
import { DEFAULT_FILE_LIMITS, type FileStore, sha256Hex } from '@studio/files';
import { ProtectedChanges } from './protected-changes.js';

/** Versions of one project as path → text, behind the two FileStore reads the rule needs. */
function storeOf(versions: Record<string, string>[]): FileStore {
  const at = (version?: number) => versions[(version ?? versions.length) - 1];
  const fake = {
    limits: DEFAULT_FILE_LIMITS,
    manifest: async (_projectId: string, version?: number) =>
      Object.fromEntries(Object.entries(at(version)).map(([path, text]) => [path, { sha256: sha256Hex(Buffer.from(text)), size: text.length }])),
    readFile: async (_projectId: string, path: string, version?: number) => {
      const text = at(version)[path];
      if (text === undefined) throw new StudioError('FILE_NOT_FOUND', `No file ${path}.`);
      return Buffer.from(text);
    },
  };
  return fake as unknown as FileStore;
}

const codeOf = async (work: Promise<void>) =>
  work.then(
    () => 'OK',
    (err: StudioError) => err.code,
  );
const pkg = (extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'page', scripts: { dev: 'vite' }, ...extra });

describe('ProtectedChanges', () => {
  const template = { 'package.json': pkg(), 'src/App.tsx': 'a', 'vite.config.ts': 'export default {}' };

  it('checks a person’s edit against package.json as it is at the base version', async () => {
    const rule = new ProtectedChanges(storeOf([template]));
    expect(await codeOf(rule.check('p', 1, { action: 'write', path: 'package.json', content: Buffer.from(pkg({ name: 'mine' })) }))).toBe('OK');
    expect(await codeOf(rule.check('p', 1, { action: 'write', path: 'package.json', content: Buffer.from(pkg({ scripts: { dev: 'x' } })) }))).toBe('PROTECTED_FILE');
    expect(await codeOf(rule.check('p', 1, { action: 'write', path: '.postcssrc.json', content: Buffer.from('{}') }))).toBe('PROTECTED_FILE');
    expect(await codeOf(rule.check('p', 1, { action: 'delete', path: 'vite.config.ts' }))).toBe('PROTECTED_FILE');
    expect(await codeOf(rule.check('p', 1, { action: 'write', path: 'src/App.tsx', content: Buffer.from('b') }))).toBe('OK');
  });

  it('keeps the path rule’s own code for a bad path', async () => {
    const rule = new ProtectedChanges(storeOf([template]));
    expect(await codeOf(rule.check('p', 1, { action: 'write', path: '.env', content: Buffer.from('X=1') }))).toBe('PATH_EXTENSION_NOT_ALLOWED');
    expect(await codeOf(rule.check('p', 1, { action: 'write', path: '../package.json', content: Buffer.from('{}') }))).toBe('PATH_TRAVERSAL');
  });

  it('lets a restore through when it changes only ordinary files', async () => {
    const rule = new ProtectedChanges(storeOf([template, { ...template, 'src/App.tsx': 'b', 'src/New.tsx': 'n' }]));
    expect(await codeOf(rule.checkRestore('p', 1))).toBe('OK');
  });

  it('refuses a restore that would bring back build configuration or a changed script (a version from before the rule)', async () => {
    const old = { ...template, 'postcss.config.js': 'module.exports = {}' };
    expect(await codeOf(new ProtectedChanges(storeOf([old, template])).checkRestore('p', 1))).toBe('PROTECTED_FILE');
    const scripted = { ...template, 'package.json': pkg({ scripts: { dev: 'node evil.js' } }) };
    expect(await codeOf(new ProtectedChanges(storeOf([scripted, template])).checkRestore('p', 1))).toBe('PROTECTED_FILE');
  });
});
