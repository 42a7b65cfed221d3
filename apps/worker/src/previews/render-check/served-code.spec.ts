import { lineInText, projectPathOf, projectPathOfId, stackFrames, tidyMessage } from './served-code.js';

const ORIGIN = 'http://127.0.0.1:5173';

describe('projectPathOf', () => {
  it('turns a served project module into its path, without Vite’s query', () => {
    expect(projectPathOf(`${ORIGIN}/src/App.tsx?t=123`, ORIGIN)).toBe('src/App.tsx');
    expect(projectPathOf(`${ORIGIN}/src/components/My%20Card.tsx`, ORIGIN)).toBe('src/components/My Card.tsx');
  });

  it('is null for Vite’s own modules, pre-bundled packages and other origins', () => {
    for (const url of [
      `${ORIGIN}/@vite/client`,
      `${ORIGIN}/@react-refresh`,
      `${ORIGIN}/@fs/work/.vite/deps/react.js?v=1`,
      `${ORIGIN}/node_modules/.vite/deps/lucide-react.js?v=1`,
      `${ORIGIN}/`,
      'http://127.0.0.1:9999/src/App.tsx',
      'not a url',
    ]) {
      expect(projectPathOf(url, ORIGIN)).toBeNull();
    }
  });
});

describe('projectPathOfId', () => {
  it('prefers the served path the id ends with', () => {
    expect(projectPathOfId('/tmp/previews/1/project/src/project/Card.tsx', ['src/project/Card.tsx'])).toBe('src/project/Card.tsx');
  });

  it('else takes what follows the preview’s project folder', () => {
    expect(projectPathOfId('/work/project/src/components/Hero.tsx?import', [])).toBe('src/components/Hero.tsx');
    expect(projectPathOfId('virtual:thing', [])).toBeNull();
  });
});

describe('stackFrames', () => {
  it('reads named and anonymous V8 frames', () => {
    const stack = ['ReferenceError: formatPrice is not defined', `    at HeroCentered (${ORIGIN}/src/components/Hero.tsx:10:15)`, `    at ${ORIGIN}/src/main.tsx?t=5:7:3`, '    at <anonymous>'].join(
      '\n',
    );
    expect(stackFrames(stack)).toEqual([
      { url: `${ORIGIN}/src/components/Hero.tsx`, line: 10, column: 15 },
      { url: `${ORIGIN}/src/main.tsx?t=5`, line: 7, column: 3 },
    ]);
    expect(stackFrames(undefined)).toEqual([]);
  });
});

describe('tidyMessage', () => {
  it('names a pre-bundled package as it was imported', () => {
    const raw = "Uncaught SyntaxError: The requested module '/@fs/tmp/studio-previews-1/abc/.vite/deps/lucide-react.js?v=9eb35add' does not provide an export named 'Twitter'";
    expect(tidyMessage(raw, ORIGIN)).toBe("SyntaxError: The requested module 'lucide-react' does not provide an export named 'Twitter'");
    expect(tidyMessage("module '/node_modules/.vite/deps/react-dom_client.js?v=1' failed", ORIGIN)).toBe("module 'react-dom/client' failed");
  });

  it('speaks of project files, not of the preview’s working copy or origin', () => {
    const raw = 'Failed to resolve import "./components/Missing" from "../../tmp/studio-previews-9/uuid/project/src/App.tsx". Does the file exist?';
    expect(tidyMessage(raw, ORIGIN)).toBe('Failed to resolve import "./components/Missing" from "src/App.tsx". Does the file exist?');
    expect(tidyMessage('  x Expression expected\n    ,-[/work/project/src/Hero.tsx:26:1]', ORIGIN)).toBe('x Expression expected\n    ,-[src/Hero.tsx:26:1]');
    expect(tidyMessage(`at ${ORIGIN}/src/App.tsx?t=17:3:1`, ORIGIN)).toBe('at /src/App.tsx:3:1');
    // A folder of the project that happens to be called "project" stays.
    expect(tidyMessage('in src/project/Card.tsx', ORIGIN)).toBe('in src/project/Card.tsx');
  });

  it('cuts a very long message', () => {
    expect(tidyMessage('x'.repeat(5000), ORIGIN)).toHaveLength(2001);
  });
});

describe('lineInText', () => {
  it('finds the failing file’s line in a transform’s message', () => {
    const text = '  x Expression expected\n    ,-[/work/project/src/Hero.tsx:26:1]\n 25 | }: Props) {';
    expect(lineInText(text, '/work/project/src/Hero.tsx')).toBe(26);
    expect(lineInText('at /work/project/src/Other.tsx:3:4, then /work/project/src/Hero.tsx:12:1', '/work/project/src/Hero.tsx')).toBe(12);
    expect(lineInText('no position here', '/work/project/src/Hero.tsx')).toBeNull();
  });
});
