/**
 * The tsconfig a project is checked with. It is templates/shell/tsconfig.json (what `tsc` would use in the
 * project; compiler-options.spec.ts fails when the two drift), plus what the checker needs because it checks
 * the page as Vite serves it rather than as `tsc` would build it:
 * - `types`: vite/client, for the ambient modules of `import './index.css'`, `import logo from './logo.svg'`
 *   and the type of `import.meta.env`, even when a model deletes or rewrites src/vite-env.d.ts; react and
 *   react-dom, which `tsc` includes on its own from node_modules/@types (naming one type turns that off);
 * - `resolveJsonModule`: Vite imports .json files, so `import data from './data.json'` is not an error;
 * - `allowJs` + `checkJs`: Vite serves .js/.jsx as well; a model-written .jsx file is checked like a .tsx one
 *   (an undeclared name or a missing export breaks the page whatever the extension).
 * `include` is only `src`: vite.config.ts is build configuration the model may not change, and it needs
 * Node's types, which the preview image does not install.
 */
export const TEMPLATE_COMPILER_OPTIONS = {
  target: 'es2022',
  lib: ['es2022', 'dom', 'dom.iterable'],
  module: 'esnext',
  moduleResolution: 'bundler',
  jsx: 'react-jsx',
  strict: true,
  noEmit: true,
  isolatedModules: true,
  skipLibCheck: true,
} as const;

export const CHECKER_COMPILER_OPTIONS = {
  ...TEMPLATE_COMPILER_OPTIONS,
  types: ['vite/client', 'react', 'react-dom'],
  resolveJsonModule: true,
  allowJs: true,
  checkJs: true,
} as const;

/** The tsconfig.json text for a project checked at its folder (also what a reference `tsc --noEmit` run needs). */
export function checkerTsconfig(): string {
  return JSON.stringify({ compilerOptions: CHECKER_COMPILER_OPTIONS, include: ['src'] });
}

/** The extensions that are type-checked; every other file of a project is only there to be imported. */
export const CHECKED_FILE = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
