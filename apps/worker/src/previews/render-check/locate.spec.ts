import { importLine, rawModuleText, viteErrorInPage } from './locate.js';

describe('the pages locate reads', () => {
  it('reads the error out of Vite’s 500 page for a module', () => {
    const error = {
      message: 'x Expression expected',
      stack: '',
      id: '/work/project/src/Hero.tsx',
      frame: '',
      plugin: 'vite:react-swc',
      loc: { file: '/work/project/src/Hero.tsx', line: 26, column: 12 },
    };
    const html = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<script type="module">\n              const error = ${JSON.stringify(error).replace(/</g, '\\u003c')}\n              try {\n`;
    expect(viteErrorInPage(html)).toEqual({ message: error.message, id: error.id, plugin: error.plugin, loc: error.loc });
    expect(viteErrorInPage('<html>nothing</html>')).toBeNull();
  });

  it('reads a file as written from Vite’s ?raw module', () => {
    const source = 'import Banner from \'./components/Banner\';\nconst s = "quoted\\\\";\n';
    expect(rawModuleText(`export default ${JSON.stringify(source)}`)).toBe(source);
    expect(rawModuleText('const nothing = 1;')).toBeNull();
  });

  it('finds the line whose import names a specifier', () => {
    const source = "import { useState } from 'react';\nimport {\n  Banner,\n} from \"./components/Banner\";\nconst path = './components/Banner2';\n";
    expect(importLine(source, './components/Banner')).toBe(4);
    expect(importLine(source, './components/Gone')).toBeNull();
  });
});
