import { jest } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { connectSocket, emitWithAck, signUp } from './support/api.js';
import { EventLog, LANDING_HERO_PROPS, reply, requestsOf, script, send } from './support/turns.js';

jest.setTimeout(120_000);

/**
 * Prompt caching end to end (issue 23, bench B11): a follow-up turn on the default template sends the previous
 * turn's prompt again as its prefix (static prompt, then the files that did not change), so the provider serves
 * most of it from cache, and the turn's usage says so as the provider reported it through the real SDK. The
 * scripted model counts the prompt and keeps a prompt cache as each provider does (tools/model-server).
 */
const hero = (title: string) => `export default function Hero(_props: ${LANDING_HERO_PROPS}) {
  return (
    <section className="hero" aria-labelledby="hero-title">
      <h1 id="hero-title">${title}</h1>
    </section>
  );
}`;

const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.close()));

describe.each([
  ['OpenAI', 'openai:scripted-gpt'],
  ['Anthropic', 'anthropic:scripted-claude'],
])('a follow-up turn through the %s SDK', (_name, model) => {
  it('reports most of its input as read from the provider’s prompt cache', async () => {
    const user = await signUp(`cache-${model.split(':')[0]}`);
    const { body: project } = await user.client.post('/api/projects', { name: 'Prompt cache' });
    const socket = await connectSocket(user.accessToken);
    sockets.push(socket);
    const log = new EventLog(socket);
    await emitWithAck(socket, 'project:join', { projectId: project.id });

    const first = await script({ reply: reply('A coffee hero.', { 'src/components/Hero.tsx': hero('Fresh coffee, roasted every morning in small batches') }) });
    const firstTurn = await send(socket, project.id, `Make the hero about our coffee roastery ${first.marker}`, model);
    expect((await log.outcome(firstTurn)).name).toBe('turn:completed');

    const followUp = await script({ reply: reply('Shorter.', { 'src/components/Hero.tsx': hero('Fresh coffee, daily') }) });
    const turnId = await send(socket, project.id, `Make the hero headline shorter ${followUp.marker}`, model);
    const done = await log.outcome(turnId);
    expect(done.name).toBe('turn:completed');

    // The product's record of the call (the ledger's figures) is what the provider reported.
    const [call] = done.payload.usage.calls as { purpose: string; inputTokens: number; cachedInputTokens?: number }[];
    const [request] = await requestsOf(followUp.id);
    expect(call).toMatchObject({ purpose: 'reply', inputTokens: request.usage?.input, cachedInputTokens: request.usage?.cached });
    expect(call.inputTokens).toBeGreaterThan(10_000);
    // Anthropic reads only at its breakpoints: the scripted models' 32k window leaves the files about 15k tokens,
    // the follow-up's longer conversation leaves out a file or two the first turn sent, and the mark the first turn
    // put where the files the follow-up still sends end (the durable head) is what it reads.
    expect(call.cachedInputTokens).toBeGreaterThanOrEqual(0.7 * call.inputTokens);
    const view = (await user.client.get(`/api/turns/${turnId}`)).body;
    expect(view.usage.calls[0]).toMatchObject({ cachedInputTokens: call.cachedInputTokens });
  });
});
