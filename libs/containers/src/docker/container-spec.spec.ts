import { previewContainerSpec, siteBuildContainerSpec } from './container-spec.js';
import { requireEngineRuntime } from './engine-runtime.js';

const specInput = {
  image: 'studio-preview:test',
  network: 'studio-previews',
  stackId: 'test',
  sessionId: '00000000-0000-0000-0000-000000000001',
  token: 'tok-abcdefghijklmnop',
  warm: true,
  allowedHosts: ['.preview.localhost'],
  limits: { memoryMb: 512, cpus: 1, pids: 128 },
  ociRuntime: 'runc',
};
const spec = previewContainerSpec(specInput);

describe('previewContainerSpec', () => {
  it('runs as a non-root user with nothing it does not need', () => {
    expect(spec.User).toBe('10001:10001');
    expect(spec.HostConfig).toMatchObject({ CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], Privileged: false, ReadonlyRootfs: true, Init: true });
    expect(spec.HostConfig?.Binds).toBeUndefined();
    expect(spec.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: '', Target: '/work' }]);
    expect(JSON.stringify(spec)).not.toContain('docker.sock');
  });

  it('is limited in memory (no swap), CPU, processes and logs', () => {
    expect(spec.HostConfig).toMatchObject({ Memory: 512 * 1024 * 1024, MemorySwap: 512 * 1024 * 1024, NanoCpus: 1e9, PidsLimit: 128 });
    expect(spec.HostConfig?.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } });
  });

  it('joins only the previews network and carries the labels the reaper finds it by', () => {
    expect(spec.HostConfig?.NetworkMode).toBe('studio-previews');
    expect(spec.HostConfig?.PortBindings).toBeUndefined();
    expect(spec.Labels).toEqual({ 'studio.preview': '1', 'studio.stack': 'test', 'studio.session': '00000000-0000-0000-0000-000000000001' });
    expect(spec.Env).toEqual(expect.arrayContaining(['AGENT_TOKEN=tok-abcdefghijklmnop', 'PREVIEW_HOSTS=.preview.localhost', 'PREVIEW_WARM=1']));
  });

  it('runs under the configured OCI runtime (PREVIEW_OCI_RUNTIME), not whatever the engine defaults to', () => {
    expect(spec.HostConfig?.Runtime).toBe('runc');
    const gvisor = previewContainerSpec({ ...specInput, ociRuntime: 'runsc' });
    expect(gvisor.HostConfig?.Runtime).toBe('runsc');
  });
});

describe('siteBuildContainerSpec', () => {
  const buildInput = { image: 'studio-preview:test', stackId: 'test', name: 'studio-build-test-1', siteDir: 'site', limits: { memoryMb: 1024, cpus: 1, pids: 256 }, ociRuntime: 'runc' };
  const build = siteBuildContainerSpec(buildInput);

  it('has no network at all', () => {
    expect(build.NetworkDisabled).toBe(true);
    expect(build.HostConfig?.NetworkMode).toBe('none');
    expect(build.ExposedPorts).toBeUndefined();
  });

  it('is hardened and limited like a preview, and runs only the build script', () => {
    expect(build.User).toBe('10001:10001');
    expect(build.HostConfig).toMatchObject({
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Memory: 1024 * 1024 * 1024,
      MemorySwap: 1024 * 1024 * 1024,
      NanoCpus: 1e9,
      PidsLimit: 256,
    });
    expect(build.HostConfig?.Binds).toBeUndefined();
    expect(build.Entrypoint).toEqual(['node', '/opt/preview/agent/build.mjs']);
    expect(build.Env).toContain('PROJECT_DIR=/work/site');
    expect(build.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: '', Target: '/work/site' }]);
    expect(build.Labels).toEqual({ 'studio.build': '1', 'studio.stack': 'test' });
  });

  it('runs under the configured OCI runtime, like a preview', () => {
    expect(build.HostConfig?.Runtime).toBe('runc');
    expect(siteBuildContainerSpec({ ...buildInput, ociRuntime: 'runsc' }).HostConfig?.Runtime).toBe('runsc');
  });
});

describe('requireEngineRuntime', () => {
  // What dockerode's info() answers: the engine's registered runtimes, keyed by name.
  const engine = (...names: string[]) => ({ info: async () => ({ Runtimes: Object.fromEntries(names.map((n) => [n, { path: n }])) }) });

  it('accepts a runtime the engine has registered', async () => {
    await expect(requireEngineRuntime(engine('runc', 'runsc'), 'runsc')).resolves.toBeUndefined();
    await expect(requireEngineRuntime(engine('runc'), 'runc')).resolves.toBeUndefined();
  });

  it('refuses one it has not, naming the variable, the runtime and what the engine has', async () => {
    await expect(requireEngineRuntime(engine('runc'), 'runsc')).rejects.toMatchObject({
      code: 'PREVIEW_UNAVAILABLE',
      message: expect.stringMatching(/PREVIEW_OCI_RUNTIME=runsc.*no runtime of that name.*runc/s),
    });
  });
});
