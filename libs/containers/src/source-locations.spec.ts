import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PAGE_EDIT_CHANNEL, parseSourceLocation, SOURCE_LOCATION_ATTRIBUTE } from '@studio/contracts';
import { parseSync } from '@swc/core';
import { previewContainerSpec } from './docker/container-spec.js';

/**
 * The preview agent's source-location transform (docker/preview/agent/source-locations.mjs) and the page's
 * bridge module (page-bridge.mjs): plain JavaScript in the image, loaded here by path (not a static import:
 * the agent is not one of our TypeScript projects).
 */
interface JsxSource {
  fileName: string;
  lineNumber: number;
  columnNumber: number;
}
type JsxDev = (type: unknown, props: unknown, key?: unknown, isStatic?: boolean, source?: JsxSource, self?: unknown) => unknown;
interface SourceLocationsModule {
  SOURCE_LOCATION_ATTRIBUTE: string;
  OWNERS_GLOBAL: string;
  createJsxDev(jsxDEV: JsxDev, root: string, owners: WeakMap<object, string>, attribute: string): JsxDev;
  wrapperModule(root: string): string;
  isProjectModule(importer: string | undefined, root: string): boolean;
  sourceLocationsPlugin(): {
    apply: string;
    configResolved(config: { root: string }): void;
    resolveId(id: string, importer?: string): string | null;
    load(id: string): string | null;
  };
}
interface PageBridgeModule {
  PAGE_EDIT_CHANNEL: string;
  bridgeModule(appOrigin: string): string;
  appOriginOf(value: string | undefined): string | null;
  pageBridgePlugin(appOrigin: string | null): { apply: string; transformIndexHtml(): unknown[] };
}

const agentModule = <T>(file: string): Promise<T> => import(pathToFileURL(resolve('docker/preview/agent', file)).href) as Promise<T>;
let locations: SourceLocationsModule;
let bridge: PageBridgeModule;
beforeAll(async () => {
  locations = await agentModule<SourceLocationsModule>('source-locations.mjs');
  bridge = await agentModule<PageBridgeModule>('page-bridge.mjs');
});

const ROOT = '/work/project';
const at = (fileName: string, lineNumber = 12, columnNumber = 7): JsxSource => ({ fileName, lineNumber, columnNumber });

/** A stand-in for React's jsxDEV that records what it was given. */
function recorder() {
  const calls: unknown[][] = [];
  const jsxDEV: JsxDev = (...args) => {
    calls.push(args);
    return { element: args };
  };
  return { calls, jsxDEV };
}

describe('the source-location wrapper of jsxDEV', () => {
  it('uses the attribute and the channel the contracts name', () => {
    expect(locations.SOURCE_LOCATION_ATTRIBUTE).toBe(SOURCE_LOCATION_ATTRIBUTE);
    expect(bridge.PAGE_EDIT_CHANNEL).toBe(PAGE_EDIT_CHANNEL);
  });

  it('marks a host element with path:line:column relative to the project root, in a copy of its props', () => {
    const { calls, jsxDEV } = recorder();
    const wrapped = locations.createJsxDev(jsxDEV, ROOT, new WeakMap(), SOURCE_LOCATION_ATTRIBUTE);
    const props = { className: 'title', children: 'Hello' };
    const source = at('/work/project/src/components/Hero.tsx', 12, 7);
    const self = {};
    wrapped('h1', props, 'k', false, source, self);
    expect(calls).toHaveLength(1);
    const [type, given, key, isStatic, passedSource, passedSelf] = calls[0];
    expect([type, key, isStatic, passedSource, passedSelf]).toEqual(['h1', 'k', false, source, self]);
    expect(passedSelf).toBe(self);
    expect(given).toEqual({ className: 'title', children: 'Hello', [SOURCE_LOCATION_ATTRIBUTE]: 'src/components/Hero.tsx:12:7' });
    expect(props).toEqual({ className: 'title', children: 'Hello' });
    expect(parseSourceLocation((given as Record<string, string>)[SOURCE_LOCATION_ATTRIBUTE])).toEqual({ path: 'src/components/Hero.tsx', line: 12, column: 7 });
  });

  it('remembers where a component element is created by its props object, and passes the props unchanged', () => {
    const { calls, jsxDEV } = recorder();
    const owners = new WeakMap<object, string>();
    const wrapped = locations.createJsxDev(jsxDEV, ROOT, owners, SOURCE_LOCATION_ATTRIBUTE);
    const Hero = () => null;
    const props = { title: 'Every answer' };
    wrapped(Hero, props, undefined, false, at('/work/project/src/App.tsx', 33, 9));
    expect(calls[0][1]).toBe(props);
    expect(owners.get(props)).toBe('src/App.tsx:33:9');
  });

  it.each([
    ['a file outside the project root', at('/opt/preview/node_modules/lucide-react/dist/icon.js')],
    ['a root that is only a prefix of the folder', at('/work/project-other/src/App.tsx')],
    ['no source at all', undefined],
    ['a position that is not 1-based', at('/work/project/src/App.tsx', 0, 3)],
  ])('leaves an element alone for %s', (_case, source) => {
    const { calls, jsxDEV } = recorder();
    const owners = new WeakMap<object, string>();
    const wrapped = locations.createJsxDev(jsxDEV, ROOT, owners, SOURCE_LOCATION_ATTRIBUTE);
    const props = { children: 'x' };
    const componentProps = { children: 'y' };
    wrapped('p', props, undefined, false, source);
    wrapped(() => null, componentProps, undefined, false, source);
    expect(calls[0][1]).toBe(props);
    expect(calls[1][1]).toBe(componentProps);
    expect(owners.has(componentProps)).toBe(false);
  });

  it('serves a page module that imports the real runtime, keeps Fragment and exports the wrapped jsxDEV', () => {
    const code = locations.wrapperModule(ROOT);
    const parsed = parseSync(code, { syntax: 'ecmascript', target: 'es2022' });
    const imports = parsed.body.filter((n) => n.type === 'ImportDeclaration').map((n) => n.source.value);
    expect(imports).toEqual(['react/jsx-dev-runtime']);
    expect(code).toContain(JSON.stringify(ROOT));
    expect(code).toMatch(/export \{ Fragment \}/);
    expect(code).toMatch(/export const jsxDEV = createJsxDev\(/);
  });

  it('stands in for react/jsx-dev-runtime only for project modules, never for packages or itself', () => {
    const plugin = locations.sourceLocationsPlugin();
    expect(plugin.apply).toBe('serve');
    plugin.configResolved({ root: ROOT });
    const wrapper = plugin.resolveId('react/jsx-dev-runtime', '/work/project/src/App.tsx?t=123');
    expect(wrapper).toEqual(expect.any(String));
    expect(plugin.resolveId('react/jsx-dev-runtime', '/work/node_modules/lucide-react/dist/esm/icons.js')).toBeNull();
    expect(plugin.resolveId('react/jsx-dev-runtime', '/work/project/node_modules/x/index.js')).toBeNull();
    expect(plugin.resolveId('react/jsx-dev-runtime', wrapper!)).toBeNull();
    expect(plugin.resolveId('react/jsx-dev-runtime', undefined)).toBeNull();
    expect(plugin.resolveId('react', '/work/project/src/App.tsx')).toBeNull();
    expect(plugin.load(wrapper!)).toBe(locations.wrapperModule(ROOT));
    expect(plugin.load('/work/project/src/App.tsx')).toBeNull();
  });
});

describe('the page bridge module', () => {
  it('gets the app origin in the preview container’s environment, and nothing when there is none', () => {
    const input = {
      image: 'i',
      network: 'n',
      stackId: 's',
      sessionId: 'session-1',
      token: 'tok-abcdefghijklmnop',
      warm: false,
      allowedHosts: ['.preview.localhost'],
      limits: { memoryMb: 512, cpus: 1, pids: 256 },
      ociRuntime: 'runc',
    };
    expect(previewContainerSpec({ ...input, appOrigin: 'http://localhost:3000' }).Env).toContain('STUDIO_APP_ORIGIN=http://localhost:3000');
    expect(previewContainerSpec(input).Env?.some((e) => e.startsWith('STUDIO_APP_ORIGIN='))).toBe(false);
  });

  it('takes STUDIO_APP_ORIGIN only as an exact http(s) origin', () => {
    expect(bridge.appOriginOf('http://localhost:3000')).toBe('http://localhost:3000');
    expect(bridge.appOriginOf('https://studio.example.com')).toBe('https://studio.example.com');
    expect(bridge.appOriginOf(undefined)).toBeNull();
    expect(bridge.appOriginOf('')).toBeNull();
    expect(bridge.appOriginOf('*')).toBeNull();
    expect(bridge.appOriginOf('http://localhost:3000/')).toBeNull();
    expect(bridge.appOriginOf('javascript:alert(1)')).toBeNull();
  });

  it('is added to the page only when the app origin is known, and is a module that parses', () => {
    expect(bridge.pageBridgePlugin(null).transformIndexHtml()).toEqual([]);
    expect(bridge.pageBridgePlugin('http://localhost:3000').transformIndexHtml()).toHaveLength(1);
    const code = bridge.bridgeModule('http://localhost:3000');
    expect(() => parseSync(code, { syntax: 'ecmascript', target: 'es2022' })).not.toThrow();
    expect(code).toContain('"appOrigin":"http://localhost:3000"');
    // Posted with that exact target origin, never '*'.
    expect(code).not.toMatch(/postMessage\([^)]*'\*'/);
  });
});
