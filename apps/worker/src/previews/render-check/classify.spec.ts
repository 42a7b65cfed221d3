import { classify } from './classify.js';
import type { LoadOutcome, RootProbe } from './page-load.js';
import type { PageSignals } from './page-signals.js';

const ORIGIN = 'http://127.0.0.1:5173';
const RENDERED: RootProbe = { found: true, elements: 120, textLength: 900, sized: true };
const settled = (root: Partial<RootProbe> = {}): LoadOutcome => ({ state: 'settled', root: { ...RENDERED, ...root } });
const signals = (part: Partial<PageSignals> = {}): PageSignals => ({ errors: [], pageErrors: [], modules: [], vite: [], failedScripts: [], documentStatus: null, ...part });

/** What Chromium and Vite report for real defects, as seen in the integration test's pages. */
const LINK_ERROR = {
  source: 'error' as const,
  message: "Uncaught SyntaxError: The requested module '/@fs/tmp/p/1/.vite/deps/lucide-react.js?v=9eb35add' does not provide an export named 'Twitter'",
  url: `${ORIGIN}/src/components/Footer.tsx?t=1796136912592`,
  line: 2,
  column: 29,
};
const SWC_ERROR = {
  message: '  x Expression expected\n    ,-[/work/project/src/components/Hero.tsx:26:1]\n 26 |   const x = = 3;',
  id: '/work/project/src/components/Hero.tsx',
  plugin: 'vite:react-swc',
};

describe('classify', () => {
  it('passes a page that rendered, with no error', () => {
    expect(classify(signals(), settled(), ORIGIN)).toBeNull();
  });

  it("calls the dev server's React Refresh preamble race transient: the load is made again, never blamed on the page", () => {
    const race = {
      source: 'error' as const,
      message: "Error: @vitejs/plugin-react-swc can't detect preamble. Something is wrong.",
      url: `${ORIGIN}/src/components/CallToAction.tsx`,
      line: 1,
      column: 1,
    };
    expect(classify(signals({ errors: [race] }), settled(), ORIGIN)).toMatchObject({ kind: 'uncaught', transient: true });
    // The same race with Vite's own React plugin (Oxc): the module finds React Refresh's globals missing.
    for (const message of ['ReferenceError: $RefreshSig$ is not defined', 'ReferenceError: $RefreshReg$ is not defined']) {
      expect(classify(signals({ errors: [{ ...race, message }] }), settled(), ORIGIN)).toMatchObject({ kind: 'uncaught', transient: true });
    }
    // A page's own undefined name is the page's.
    expect(classify(signals({ errors: [{ ...race, message: 'ReferenceError: useState is not defined' }] }), settled(), ORIGIN)).not.toHaveProperty('transient');
  });

  it('calls a page that could not be reached, or only slow, inconclusive; a page with no document a load failure', () => {
    expect(classify(signals(), { state: 'unreachable', reason: 'net::ERR_CONNECTION_REFUSED' }, ORIGIN)).toEqual({
      kind: 'load',
      message: 'The page did not load (net::ERR_CONNECTION_REFUSED).',
      inconclusive: true,
    });
    expect(classify(signals({ documentStatus: 404 }), settled(), ORIGIN)).toEqual({ kind: 'load', message: 'The page answered 404.' });
    expect(classify(signals(), { state: 'timeout', during: 'settle', ms: 15000 }, ORIGIN)).toMatchObject({ kind: 'load', inconclusive: true });
  });

  it('puts a transform error first, with its position in the source as written, over what it caused', () => {
    const found = classify(
      signals({
        vite: [SWC_ERROR],
        modules: [
          { url: `${ORIGIN}/src/components/Hero.tsx`, status: 500, reason: 'Internal Server Error' },
          { url: `${ORIGIN}/src/components/Hero.tsx`, status: null, reason: 'net::ERR_ABORTED' },
        ],
        failedScripts: [`${ORIGIN}/src/main.tsx`],
      }),
      settled({ elements: 0, textLength: 0, sized: false }),
      ORIGIN,
    );
    expect(found).toEqual({ kind: 'build', message: expect.stringContaining('Expression expected'), where: { file: 'src/components/Hero.tsx', line: 26 } });
    expect(found?.message).not.toContain('/work/project');
  });

  it('asks for the details of a module that answered 500 when Vite’s message was missed', () => {
    const found = classify(signals({ modules: [{ url: `${ORIGIN}/src/App.tsx?t=1`, status: 500, reason: 'Internal Server Error' }] }), settled({ elements: 0 }), ORIGIN);
    expect(found).toMatchObject({ kind: 'build', where: { file: 'src/App.tsx' }, refetch: `${ORIGIN}/src/App.tsx?t=1` });
  });

  it('treats an import of a project file that does not exist as a link failure at that import', () => {
    const found = classify(
      signals({
        vite: [
          {
            message: 'Failed to resolve import "./components/Missing" from "../../tmp/p/1/project/src/App.tsx". Does the file exist?',
            id: '/tmp/p/1/project/src/App.tsx',
            loc: { file: '/tmp/p/1/project/src/App.tsx', line: 2, column: 20 },
          },
        ],
        modules: [{ url: `${ORIGIN}/src/App.tsx?t=9`, status: 500, reason: 'Internal Server Error' }],
      }),
      settled({ elements: 0 }),
      ORIGIN,
    );
    expect(found).toEqual({
      kind: 'module-link',
      message: 'Failed to resolve import "./components/Missing" from "src/App.tsx". Does the file exist?',
      where: { file: 'src/App.tsx', specifier: './components/Missing' },
    });
  });

  it('reports a missing export at the importing module’s served position, named as the package', () => {
    const found = classify(signals({ errors: [LINK_ERROR], pageErrors: [{ source: 'pageerror', message: 'The requested module …' }] }), settled({ elements: 0 }), ORIGIN);
    expect(found).toEqual({
      kind: 'module-link',
      message: "SyntaxError: The requested module 'lucide-react' does not provide an export named 'Twitter'",
      where: { served: LINK_ERROR.url, line: 2, column: 29 },
    });
  });

  it('reports a module that answered 404 as a link failure', () => {
    const found = classify(signals({ modules: [{ url: `${ORIGIN}/src/lib/format.ts`, status: 404, reason: 'Not Found' }] }), settled({ elements: 0 }), ORIGIN);
    expect(found).toMatchObject({ kind: 'module-link', message: 'A module the page imports, /src/lib/format.ts, was not found (404).' });
  });

  it('locates an uncaught error thrown in a package at the first project frame of its stack', () => {
    const error = {
      source: 'error' as const,
      message: 'Uncaught TypeError: Cannot read properties of undefined (reading "map")',
      url: `${ORIGIN}/@fs/tmp/p/1/.vite/deps/react-dom_client.js?v=1`,
      line: 4400,
      column: 3,
      stack: `TypeError: Cannot read properties of undefined (reading "map")\n    at Pricing (${ORIGIN}/src/components/Pricing.tsx:40:22)\n    at renderWithHooks (${ORIGIN}/@fs/tmp/p/1/.vite/deps/react-dom_client.js?v=1:4397:19)`,
    };
    expect(classify(signals({ errors: [error] }), settled({ elements: 0 }), ORIGIN)).toEqual({
      kind: 'uncaught',
      message: 'TypeError: Cannot read properties of undefined (reading "map")',
      where: { served: `${ORIGIN}/src/components/Pricing.tsx`, line: 40, column: 22 },
    });
  });

  it('reports an unhandled rejection as uncaught, and falls back to Playwright’s copy without a position', () => {
    expect(classify(signals({ errors: [{ source: 'rejection', message: 'Error: fetch failed' }] }), settled(), ORIGIN)).toEqual({
      kind: 'uncaught',
      message: 'Unhandled promise rejection: Error: fetch failed',
      where: undefined,
    });
    expect(classify(signals({ pageErrors: [{ source: 'pageerror', message: 'boom' }] }), settled(), ORIGIN)).toMatchObject({ kind: 'uncaught', message: 'boom' });
  });

  it('ignores harmless errors and those of Vite’s own client', () => {
    const noise = [
      { source: 'error' as const, message: 'ResizeObserver loop completed with undelivered notifications.' },
      {
        source: 'rejection' as const,
        message: 'Error: WebSocket closed without opened.',
        stack: `Error: WebSocket closed without opened.\n    at WebSocket.<anonymous> (${ORIGIN}/@vite/client:802:15)`,
      },
    ];
    expect(classify(signals({ errors: noise }), settled(), ORIGIN)).toBeNull();
  });

  it('calls an error-free page with nothing in #root empty, but not one that shows only images or shapes', () => {
    expect(classify(signals(), settled({ elements: 0, textLength: 0, sized: false }), ORIGIN)).toMatchObject({ kind: 'empty-root' });
    expect(classify(signals(), settled({ elements: 3, textLength: 0, sized: false }), ORIGIN)).toMatchObject({ kind: 'empty-root' });
    expect(classify(signals(), settled({ found: false, elements: 0 }), ORIGIN)).toMatchObject({ kind: 'empty-root', message: expect.stringContaining('no element with id "root"') });
    expect(classify(signals(), settled({ elements: 3, textLength: 0, sized: true }), ORIGIN)).toBeNull();
  });

  it('ignores a Vite error no module of this load failed with: Vite keeps one for the next page to connect', () => {
    expect(classify(signals({ vite: [SWC_ERROR] }), settled(), ORIGIN)).toBeNull();
    // A 500 of another module: that one's message is fetched, the stale one is not used.
    const found = classify(signals({ vite: [SWC_ERROR], modules: [{ url: `${ORIGIN}/src/index.css`, status: 500, reason: 'Internal Server Error' }] }), settled({ elements: 0 }), ORIGIN);
    expect(found).toMatchObject({ kind: 'build', where: { file: 'src/index.css' }, refetch: `${ORIGIN}/src/index.css` });
  });

  it('marks failures of the machine’s network as worth one more load, and nothing else', () => {
    expect(classify(signals(), { state: 'unreachable', reason: 'net::ERR_NETWORK_CHANGED' }, ORIGIN)).toMatchObject({ kind: 'load', transient: true });
    const dropped = signals({ modules: [{ url: `${ORIGIN}/src/components/Header.tsx`, status: null, reason: 'net::ERR_NETWORK_CHANGED' }], failedScripts: [`${ORIGIN}/src/main.tsx`] });
    expect(classify(dropped, settled({ elements: 0 }), ORIGIN)).toMatchObject({ kind: 'module-link', transient: true });
    expect(classify(signals({ errors: [LINK_ERROR] }), settled({ elements: 0 }), ORIGIN)?.transient).toBeUndefined();
  });

  it('loads again when the page navigated mid-load (an optimised dependency aborted), but blames the module that failed first', () => {
    const reloaded = signals({ modules: [{ url: `${ORIGIN}/@fs/tmp/p/.vite/deps/react-dom_client.js?v=1`, status: null, reason: 'net::ERR_ABORTED' }] });
    expect(classify(reloaded, settled({ elements: 0 }), ORIGIN)).toMatchObject({ kind: 'module-link', transient: true });
    const broken = signals({
      modules: [
        { url: `${ORIGIN}/src/App.tsx`, status: 404, reason: 'Not Found' },
        { url: `${ORIGIN}/src/main.tsx`, status: null, reason: 'net::ERR_ABORTED' },
      ],
    });
    expect(classify(broken, settled({ elements: 0 }), ORIGIN)?.transient).toBeUndefined();
  });
});
