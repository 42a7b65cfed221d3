import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The design lives in the repository (docs/STYLE.md "Comments"): a clone holds every document the code
 * refers to. Fails when any file of the repository links outside it (the old shared documents beside
 * the clone, the development machine's absolute paths, a Markdown link that leaves the clone or points at
 * nothing), or cites a section of a design document (`docs/API.md "Errors"`) that is not a heading of it.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCS = ['ARCHITECTURE', 'API', 'OUTPUT_FORMAT', 'BENCHMARKS', 'STYLE'] as const;

// Spelled in pieces so this file does not match its own patterns.
const SHARED_DIR = new RegExp(['\\.\\.', 'shared'].join('/'));
const HOST_PATH = new RegExp(['', 'work', '(?:shared|main|briefs|\\.library)\\b'].join('/'));

// A document name, the target of a Markdown link around it if any, then a quoted section:
// `docs/API.md "Errors"`, `ARCHITECTURE.md 'Dependency rule'`, `[API.md](API.md) "Chat turns"`.
const CITATION = new RegExp(`([\\w./-]*?)\\b(${DOCS.join('|')})\\.md(?:\\]\\([^)\\s]*\\))?\\s+(["'])([^"'\\n]{1,120})\\3`, 'g');
const MARKDOWN_LINK = /\]\(([^)\s]+)\)/g;

/** Every file of the repository a clone would hold: tracked ones and new ones not ignored. */
function repositoryFiles(): string[] {
  let listed: string[];
  try {
    listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 }).split('\0');
  } catch {
    listed = walk(ROOT).map((f) => relative(ROOT, f));
  }
  return listed.filter((f) => f && f !== 'package-lock.json' && existsSync(join(ROOT, f)) && statSync(join(ROOT, f)).isFile());
}

const IGNORED_DIRS = new Set(['.git', 'node_modules', 'dist', '.data', '.nx', '.build', 'coverage', 'test-artifacts', 'bench-results']);
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (IGNORED_DIRS.has(name)) return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The file as text, or null for a binary file. */
function textOf(file: string): string | null {
  const bytes = readFileSync(join(ROOT, file));
  return bytes.includes(0) ? null : bytes.toString('utf8');
}

/** The headings of a Markdown document (outside code fences), as written, without emphasis or code marks. */
function headingsOf(markdown: string): string[] {
  const headings: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) headings.push(m[1].replace(/[`*_]/g, '').trim());
  }
  return headings;
}

/** A citation names a heading exactly, or its beginning up to a comma, colon or parenthesis ("Speculative preview"). */
function citesHeading(section: string, headings: string[]): boolean {
  return headings.some((h) => h === section || (h.startsWith(section) && /^[,:(]|^ [(—-]/.test(h.slice(section.length))));
}

/** Citations of design-document sections in a text: the document's name and the section. */
function citationsIn(text: string): { doc: string; section: string }[] {
  const found: { doc: string; section: string }[] = [];
  for (const m of text.matchAll(CITATION)) {
    const prefix = m[1];
    // `docs/API.md`, `../docs/API.md`, or the bare name; not another folder's file of the same name.
    if (prefix !== '' && !prefix.endsWith('docs/')) continue;
    found.push({ doc: m[2], section: m[4] });
  }
  return found;
}

/** Links out of the repository in one file's text. */
function outsideLinks(file: string, text: string, exists: (path: string) => boolean): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const at = `${file}:${i + 1}`;
    if (SHARED_DIR.test(line)) found.push(`${at}: links the design documents outside the repository (use docs/): ${line.trim()}`);
    if (HOST_PATH.test(line)) found.push(`${at}: names a path of the development machine: ${line.trim()}`);
    if (!file.endsWith('.md')) return;
    for (const [, target] of line.matchAll(MARKDOWN_LINK)) {
      if (/^([a-z][a-z0-9+.-]*:|#)/i.test(target)) continue; // http:, mailto:, an anchor in the same page
      const path = resolve(ROOT, dirname(file), decodeURI(target.split('#')[0]));
      const inside = relative(ROOT, path);
      if (inside.startsWith('..') || isAbsolute(inside)) found.push(`${at}: links outside the repository: ${target}`);
      else if (!exists(path)) found.push(`${at}: links to a file that does not exist: ${target}`);
    }
  });
  return found;
}

describe('documentation links', () => {
  const files = repositoryFiles();
  const texts = files.flatMap((file) => {
    const text = textOf(file);
    return text === null ? [] : [{ file, text }];
  });
  const headings = new Map(DOCS.map((doc) => [doc, existsSync(join(ROOT, 'docs', `${doc}.md`)) ? headingsOf(readFileSync(join(ROOT, 'docs', `${doc}.md`), 'utf8')) : null]));

  it('finds the repository and the design documents', () => {
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.map((t) => t.file)).toContain('README.md');
    for (const doc of DOCS) expect(headings.get(doc)?.length).toBeGreaterThan(0);
  });

  it('no file links outside the repository', () => {
    expect(texts.flatMap(({ file, text }) => outsideLinks(file, text, existsSync))).toEqual([]);
  });

  it('every cited section of a design document is a heading of it', () => {
    const missing = texts.flatMap(({ file, text }) =>
      citationsIn(text)
        .filter(({ doc, section }) => !citesHeading(section, headings.get(doc as (typeof DOCS)[number]) ?? []))
        .map(({ doc, section }) => `${file}: docs/${doc}.md "${section}" is not a heading of docs/${doc}.md`),
    );
    expect(missing).toEqual([]);
  });

  it('the README links each design document in docs/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(DOCS.filter((doc) => !readme.includes(`](docs/${doc}.md)`))).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('recognise citations in code comments and Markdown, and only of the design documents', () => {
    expect(citationsIn('/** docs/API.md "Exports": queue one. ARCHITECTURE.md \'Dependency rule\' */')).toEqual([
      { doc: 'API', section: 'Exports' },
      { doc: 'ARCHITECTURE', section: 'Dependency rule' },
    ]);
    expect(citationsIn('see [API.md](API.md) "Chat turns"')).toEqual([{ doc: 'API', section: 'Chat turns' }]);
    expect(citationsIn('OPENAPI.md "X", libs/typecheck/README.md "Y", templates/STYLE.md "Z", ARCHITECTURE.md\'s rules')).toEqual([]);
  });

  it('match a heading exactly or by its beginning up to a comma, colon or parenthesis', () => {
    const headings = headingsOf('# T\n## Speculative preview, authoritative store\n```\n## Not a heading\n```\n### `GET /api/components`\n### Preview\n');
    expect(headings).toEqual(['T', 'Speculative preview, authoritative store', 'GET /api/components', 'Preview']);
    expect(citesHeading('Speculative preview', headings)).toBe(true);
    expect(citesHeading('GET /api/components', headings)).toBe(true);
    expect(citesHeading('Not a heading', headings)).toBe(false);
    expect(citesHeading('Prev', headings)).toBe(false);
    expect(citesHeading('Speculative', headings)).toBe(false);
  });

  it('catch links out of the repository and to nothing', () => {
    const shared = ['..', 'shared', 'API.md'].join('/');
    const host = ['', 'work', 'briefs', 'x.md'].join('/');
    expect(outsideLinks('README.md', `[a](${shared})`, () => true)).toHaveLength(2);
    expect(outsideLinks('x.ts', `// see ${host}`, () => true)).toHaveLength(1);
    expect(outsideLinks('docs/A.md', '[b](../../elsewhere.md) [c](B.md) [d](https://example.com) [e](#top)', () => false)).toEqual([
      'docs/A.md:1: links outside the repository: ../../elsewhere.md',
      'docs/A.md:1: links to a file that does not exist: B.md',
    ]);
    // The preview container's own /work is not the development machine's.
    expect(outsideLinks('libs/containers/src/docker/container-spec.ts', "export const WORK_DIR = '/work'; // /work/site, /work/project", () => true)).toEqual([]);
  });
});
