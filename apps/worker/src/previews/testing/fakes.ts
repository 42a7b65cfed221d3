import { type CreateOptions, type InstanceInfo, type InstanceState, type PreviewInstance, type PreviewRuntime, PreviewRuntimeError } from '@studio/containers';
import type { ProjectEventName, ProjectEventPayloads, RenderCheckView } from '@studio/contracts';
import { PreviewSessionEntity, type PreviewSessionStatus, type PreviewSessionsRepository } from '@studio/data';
import { PreviewNotices } from '../preview-notices.js';

/** A preview_sessions row as the repository returns it; every field can be overridden. */
export function sessionRow(fields: Partial<PreviewSessionEntity> = {}): PreviewSessionEntity {
  const now = new Date();
  return Object.assign(new PreviewSessionEntity(), {
    id: `s-${Math.random().toString(36).slice(2, 10)}`,
    stackId: 'test',
    projectId: 'p1',
    userId: 'u1',
    runtime: 'process',
    instanceId: null,
    host: null,
    vitePort: null,
    agentPort: null,
    agentToken: null,
    status: 'ready',
    version: 1,
    error: null,
    recentErrors: [],
    render: null,
    lastRenderedVersion: null,
    lastAccessAt: now,
    createdAt: now,
    updatedAt: now,
    ...fields,
  });
}

/** A session with a running instance recorded. */
export const servingRow = (fields: Partial<PreviewSessionEntity> = {}) =>
  sessionRow({ instanceId: `i-${Math.random().toString(36).slice(2, 8)}`, host: '127.0.0.1', vitePort: 5173, agentPort: 7070, agentToken: 't'.repeat(32), ...fields });

type SessionMethods =
  | 'all'
  | 'get'
  | 'forProject'
  | 'setStatus'
  | 'delete'
  | 'deleteWarm'
  | 'insertWarm'
  | 'insertStarting'
  | 'setInstance'
  | 'idle'
  | 'withProjectLock'
  | 'recordError'
  | 'touch'
  | 'settleStagedErrors'
  | 'setRender'
  | 'claimWarm';

/** preview_sessions in memory, with the repository's rules where the code under test relies on them. */
export class FakeSessions implements Pick<PreviewSessionsRepository, SessionMethods> {
  readonly rows = new Map<string, PreviewSessionEntity>();
  readonly locked: string[] = [];

  constructor(rows: PreviewSessionEntity[] = []) {
    for (const row of rows) this.rows.set(row.id, row);
  }

  async all() {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }
  async get(id: string) {
    const row = this.rows.get(id);
    return row ? { ...row } : null;
  }
  async forProject(projectId: string) {
    return (await this.all()).find((r) => r.projectId === projectId) ?? null;
  }
  async setStatus(id: string, status: PreviewSessionStatus, fields: { version?: number | null; error?: string | null } = {}) {
    const row = this.rows.get(id);
    if (row) Object.assign(row, { status, ...fields });
  }
  async delete(id: string) {
    this.rows.delete(id);
  }
  async deleteWarm(id: string) {
    return this.rows.get(id)?.status === 'warm' && this.rows.delete(id);
  }
  async insertWarm(runtime: PreviewSessionEntity['runtime']) {
    const row = sessionRow({ projectId: null, userId: null, runtime, status: 'warm' });
    this.rows.set(row.id, row);
    return { ...row };
  }
  async insertStarting(projectId: string, userId: string, runtime: PreviewSessionEntity['runtime']) {
    const row = sessionRow({ projectId, userId, runtime, status: 'starting' });
    this.rows.set(row.id, row);
    return { ...row };
  }
  async claimWarm(projectId: string, userId: string, runtime: PreviewSessionEntity['runtime']) {
    const warm = [...this.rows.values()].find((r) => r.status === 'warm' && r.runtime === runtime && r.instanceId);
    if (!warm) return null;
    Object.assign(warm, { projectId, userId, status: 'starting' });
    return { ...warm };
  }
  async setInstance(id: string, instance: PreviewInstance) {
    const row = this.rows.get(id);
    if (row) Object.assign(row, { instanceId: instance.id, host: instance.host, vitePort: instance.vitePort, agentPort: instance.agentPort, agentToken: instance.token });
  }
  async idle(statuses: PreviewSessionStatus[], before: Date) {
    return (await this.all()).filter((r) => statuses.includes(r.status) && r.lastAccessAt < before && r.projectId !== null);
  }
  async withProjectLock<T>(projectId: string, fn: () => Promise<T>): Promise<T> {
    this.locked.push(projectId);
    return fn();
  }
  async recordError(id: string, record: PreviewSessionEntity['recentErrors'][number]) {
    this.rows.get(id)?.recentErrors.push(record);
  }
  async touch(id: string) {
    const row = this.rows.get(id);
    if (row) row.lastAccessAt = new Date();
  }
  /** Versions known to render besides the ones a session checked (a template's, a turn's): set by a test. */
  readonly rendered = new Set<string>();
  async knownToRender(projectId: string, version: number) {
    return this.rendered.has(`${projectId}@${version}`) || [...this.rows.values()].some((r) => r.projectId === projectId && r.lastRenderedVersion === version);
  }
  async setRender(id: string, render: RenderCheckView, version: number | null) {
    const row = this.rows.get(id);
    if (!row) return;
    row.render = { ...render, version };
    if (render.status === 'passed' && version !== null) row.lastRenderedVersion = version;
  }
  async settleStagedErrors(id: string, committed: number | null) {
    const row = this.rows.get(id);
    if (!row) return;
    row.recentErrors = row.recentErrors.flatMap((e) => (e.version !== null ? [e] : committed === null ? [] : [{ ...e, version: committed }]));
  }
}

/** A runtime whose instances are entries in a map; every call is recorded. */
export class FakeRuntime implements PreviewRuntime {
  readonly kind = 'process' as const;
  readonly confinement = { nonRoot: false, readOnlyRoot: false, limits: null, noEgress: false };
  readonly calls: string[] = [];
  readonly states = new Map<string, InstanceState>();
  readonly labels = new Map<string, string | null>();
  failCreate = false;
  private next = 0;

  async prepare() {
    this.calls.push('prepare');
  }
  async create(options: CreateOptions): Promise<PreviewInstance> {
    this.calls.push(`create ${options.sessionId}`);
    if (this.failCreate) throw new Error('no room');
    const id = `i${++this.next}`;
    this.states.set(id, 'running');
    this.labels.set(id, options.sessionId);
    return { id, host: '127.0.0.1', vitePort: 5173, agentPort: 7070, token: 't'.repeat(32) };
  }
  async pause(id: string) {
    this.calls.push(`pause ${id}`);
    this.states.set(id, 'paused');
  }
  async resume(id: string) {
    this.calls.push(`resume ${id}`);
    const state = this.states.get(id);
    if (state === undefined) throw new PreviewRuntimeError('PREVIEW_NOT_FOUND', `no instance ${id}`);
    if (state !== 'paused') return false;
    this.states.set(id, 'running');
    return true;
  }
  async stop(id: string) {
    this.calls.push(`stop ${id}`);
    this.states.set(id, 'stopped');
  }
  async restart(id: string): Promise<PreviewInstance> {
    this.calls.push(`restart ${id}`);
    this.states.set(id, 'running');
    return { id, host: '127.0.0.2', vitePort: 5173, agentPort: 7070, token: 't'.repeat(32) };
  }
  async remove(id: string) {
    this.calls.push(`remove ${id}`);
    this.states.delete(id);
  }
  async state(id: string): Promise<InstanceState> {
    return this.states.get(id) ?? 'missing';
  }
  async list(): Promise<InstanceInfo[]> {
    return [...this.states].map(([id, state]) => ({ id, state, sessionId: this.labels.get(id) ?? null }));
  }
  async close() {
    this.calls.push('close');
  }
}

export type Published = { projectId: string; name: ProjectEventName; payload: unknown };

/** PreviewNotices over an event bus that only records what was published. */
export function recordingNotices(): { notices: PreviewNotices; published: Published[] } {
  const published: Published[] = [];
  const bus = {
    publish: async <E extends ProjectEventName>(projectId: string, name: E, payload: ProjectEventPayloads[E]) => {
      published.push({ projectId, name, payload });
      return null;
    },
  };
  return { notices: new PreviewNotices(bus), published };
}
