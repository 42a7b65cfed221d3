import { extensionOf, formatBytes, imageTypeOf, languageOf, lineBreakOf, textOf } from './file-kinds';

describe('file kinds', () => {
  it('picks the language by extension, JSX and TypeScript apart', () => {
    expect(languageOf('src/App.tsx')).toBe('tsx');
    expect(languageOf('src/lib/util.ts')).toBe('typescript');
    expect(languageOf('vite.config.mjs')).toBe('javascript');
    expect(languageOf('src/Old.JSX')).toBe('jsx');
    expect(languageOf('src/index.css')).toBe('css');
    expect(languageOf('index.html')).toBe('html');
    expect(languageOf('package.json')).toBe('json');
    expect(languageOf('.studio/instructions.md')).toBe('markdown');
    expect(languageOf('public/favicon.svg')).toBe('html');
    expect(languageOf('.gitignore')).toBe('plain');
    expect(languageOf('LICENSE')).toBe('plain');
  });

  it('reads the extension of the name only, not of a folder', () => {
    expect(extensionOf('a.b/file')).toBe('');
    expect(extensionOf('src/.env.local')).toBe('local');
    expect(extensionOf('.prettierrc')).toBe('');
  });

  it('names the image types a blob needs, and none for SVG or fonts', () => {
    expect(imageTypeOf('public/assets/logo.png')).toBe('image/png');
    expect(imageTypeOf('public/assets/photo.JPG')).toBe('image/jpeg');
    expect(imageTypeOf('public/favicon.svg')).toBeNull();
    expect(imageTypeOf('public/assets/fonts/inter.woff2')).toBeNull();
  });

  it('reads UTF-8 text as it is and refuses bytes that are not text', () => {
    const utf8 = (s: string) => new TextEncoder().encode(s);
    expect(textOf(utf8('const a = "é";\n'))).toBe('const a = "é";\n');
    // The byte-order mark stays, so saving writes the same bytes back.
    expect(textOf(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa');
    expect(textOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBeNull();
    expect(textOf(new Uint8Array([0x77, 0x4f, 0x46, 0x32, 0x00, 0x01]))).toBeNull();
    expect(textOf(new Uint8Array([0xc3, 0x28]))).toBeNull();
  });

  it('keeps the line break a file is written with', () => {
    expect(lineBreakOf('a\r\nb\r\n')).toBe('\r\n');
    expect(lineBreakOf('a\nb\n')).toBe('\n');
    expect(lineBreakOf('one line')).toBe('\n');
    // Mixed breaks: LF joins, and each CR stays in its line as a character, so nothing changes on save.
    expect(lineBreakOf('a\r\nb\nc')).toBe('\n');
  });

  it('writes sizes as a person reads them', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(4400)).toBe('4.3 KB');
    expect(formatBytes(1_300_000)).toBe('1.2 MB');
  });
});
