import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKER_COMPILER_OPTIONS, TEMPLATE_COMPILER_OPTIONS } from './compiler-options.js';
import { TEMPLATES } from './testing/landing-project.js';

describe('compiler options', () => {
  it('are the ones a project is made with (templates/shell/tsconfig.json)', () => {
    const { compilerOptions } = JSON.parse(readFileSync(join(TEMPLATES, 'shell/tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    const { rootDir, ...rest } = compilerOptions; // rootDir only matters for emitting
    expect(rootDir).toBe('.');
    expect(TEMPLATE_COMPILER_OPTIONS).toEqual(rest);
  });

  it('add only what checking the page as Vite serves it needs', () => {
    expect(CHECKER_COMPILER_OPTIONS).toEqual({ ...TEMPLATE_COMPILER_OPTIONS, types: ['vite/client', 'react', 'react-dom'], resolveJsonModule: true, allowJs: true, checkJs: true });
  });
});
