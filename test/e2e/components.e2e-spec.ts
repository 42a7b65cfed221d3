import { jest } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { API_URL, type Client, connectSocket, emitWithAck, signUp } from './support/api.js';
import { EventLog, reply, requestsOf, script, send } from './support/turns.js';

jest.setTimeout(60_000);

/**
 * The section library through the API and a turn: GET /api/components and /api/templates, and
 * `action="insert"` in a reply: the component's source lands, a patch of it later in the same reply applies
 * on top, all in one version with the rest of the turn; an unknown id is refused with close matches, which
 * the model is shown in its repair round.
 */
let client: Client;
let token: string;
let socket: Socket;
let log: EventLog;
beforeAll(async () => {
  const user = await signUp('components');
  client = user.client;
  token = user.accessToken;
  socket = await connectSocket(user.accessToken);
  log = new EventLog(socket);
});
afterAll(() => socket?.close());

async function project(templateId?: string): Promise<string> {
  const created = await client.post('/api/projects', { name: 'library', ...(templateId ? { templateId } : {}) });
  expect(created.status).toBe(201);
  expect(await emitWithAck(socket, 'project:join', { projectId: created.body.id })).toMatchObject({ ok: true });
  return created.body.id;
}

const text = async (projectId: string, path: string) => {
  const res = await client.get(`/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}`);
  return res.status === 200 ? String(res.body) : null;
};

describe('the library and templates over the API', () => {
  it('lists 20 or more components with their category, props and imports, and serves one with its source', async () => {
    const list = await client.get('/api/components');
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThanOrEqual(20);
    expect(list.body).toContainEqual(expect.objectContaining({ id: 'pricing-tiers', category: 'pricing', props: expect.any(Array), imports: expect.arrayContaining(['react']) }));
    const one = await client.get('/api/components/pricing-tiers');
    expect(one.body.source).toMatch(/^export default function PricingTiers\(/m);
    const unknown = await client.get('/api/components/pricing-table');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'COMPONENT_NOT_FOUND', details: { suggestions: expect.arrayContaining(['pricing-tiers']) } });
  });

  it('lists the templates with their sections and a PNG thumbnail, and makes a project from each', async () => {
    const list = await client.get('/api/templates');
    expect(list.body.map((t: { id: string }) => t.id).sort()).toEqual(['blank', 'event', 'landing', 'launch']);
    const event = list.body.find((t: { id: string }) => t.id === 'event');
    expect(event.sections).toEqual(expect.arrayContaining(['hero-event', 'schedule-agenda']));
    const png = await fetch(`${API_URL}${event.thumbnailUrl}`, { headers: { authorization: `Bearer ${token}` } });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toMatch(/^image\/png/);
    expect(Buffer.from(await png.arrayBuffer()).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const projectId = await project('event');
    expect(await text(projectId, 'src/components/Schedule.tsx')).toBe((await client.get('/api/components/schedule-agenda')).body.source);
  });
});

describe('action="insert" in a turn', () => {
  it('inserts a component, applies a later patch of it, and lands both with the rest of the reply as one version', async () => {
    const projectId = await project();
    const source: string = (await client.get('/api/components/pricing-simple')).body.source;
    // A line of the component to patch: the first string default, whatever the component's copy is.
    const line = source.split('\n').find((l) => /^\s+\w+ = '[^']{8,}',?$/.test(l))!;
    expect(line).toBeDefined();
    const patched = line.replace(/'[^']+'/, "'Patched by the model'");
    const extra = [
      '<code path="src/components/Plans.tsx" action="insert" component="pricing-simple"></code>',
      `<code path="src/components/Plans.tsx" action="patch">\n<<<<<<< SEARCH\n${line}\n=======\n${patched}\n>>>>>>> REPLACE\n</code>`,
    ].join('\n\n');
    const page = "import Plans from './Plans';\n\nexport default function PlansPage() {\n  return <Plans />;\n}";
    const s = await script({ reply: reply('Added a plan section.', { 'src/components/PlansPage.tsx': page }, extra) });
    const turnId = await send(socket, projectId, `Add pricing ${s.marker}`);
    const done = await log.outcome(turnId);
    expect(done.name).toBe('turn:completed');
    expect(done.payload).toMatchObject({ version: 2, refused: [] });
    expect(done.payload.changes).toEqual(
      expect.arrayContaining([
        { action: 'write', path: 'src/components/Plans.tsx' },
        { action: 'write', path: 'src/components/PlansPage.tsx' },
      ]),
    );
    expect(await text(projectId, 'src/components/Plans.tsx')).toBe(source.replace(line, patched));
    const versions = await client.get(`/api/projects/${projectId}/versions`);
    expect(versions.body[0]).toMatchObject({ number: 2, source: 'ai' });
    expect(versions.body[0].changes.map((c: { path: string }) => c.path).sort()).toEqual(['src/components/Plans.tsx', 'src/components/PlansPage.tsx']);
    // The model was told what it can insert and where the theme is.
    const [call] = await requestsOf(s.id);
    const prompt = JSON.stringify(call.body);
    expect(prompt).toContain('- pricing-simple: (pricing)');
    expect(prompt).toContain('@theme');
  });

  it('refuses an unknown component with close matches, shows them to the model, and takes its corrected insert', async () => {
    const projectId = await project();
    const s = await script({
      reply: reply('Added pricing.', {}, '<code path="src/components/Plans.tsx" action="insert" component="pricing-table"></code>'),
      then: [{ reply: reply('Fixed.', {}, '<code path="src/components/Plans.tsx" action="insert" component="pricing-tiers"></code>') }],
    });
    const done = await log.outcome(await send(socket, projectId, `Pricing ${s.marker}`));
    expect(done.payload).toMatchObject({ version: 2, refused: [], changes: [{ action: 'write', path: 'src/components/Plans.tsx' }] });
    const calls = await requestsOf(s.id);
    expect(calls).toHaveLength(2);
    expect(JSON.stringify(calls[1].body)).toMatch(/COMPONENT_NOT_FOUND: There is no component \\"pricing-table\\" in the library; did you mean [a-z, -]*pricing-tiers/);
  });

  it('reports the refusal and its suggestions when the model asks for an unknown id again', async () => {
    const projectId = await project();
    const unknown = reply('Added testimonials.', {}, '<code path="src/components/Quotes.tsx" action="insert" component="testimonial-cards"></code>');
    const s = await script({ reply: unknown, then: [{ reply: unknown }] });
    const done = await log.outcome(await send(socket, projectId, `Quotes ${s.marker}`));
    expect(done.payload.changes).toEqual([]);
    expect(done.payload.refused).toEqual([
      expect.objectContaining({ path: 'src/components/Quotes.tsx', code: 'COMPONENT_NOT_FOUND', suggestions: expect.arrayContaining(['testimonials-grid', 'testimonial-spotlight']) }),
    ]);
    expect(await text(projectId, 'src/components/Quotes.tsx')).toBeNull();
  });
});
