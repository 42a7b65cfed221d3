import type { ChatMessage, ChatRequest, LlmProvider, StreamEvent } from '../provider.js';
import { LlmRouter } from '../router/llm-router.js';
import { summarizeConversation } from './summarize.js';

/** A summary model that cannot see: it keeps what it was sent and answers a fixed summary. */
class RecordingProvider implements LlmProvider {
  readonly name = 'openai';
  sent: ChatRequest['messages'][] = [];

  async *stream(request: ChatRequest): AsyncIterable<StreamEvent> {
    this.sent.push(request.messages);
    yield { type: 'delta', text: 'They want their logo in the navbar.' };
    yield { type: 'done', usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 }, finishReason: 'stop' };
  }
}

describe('summarizeConversation with pictures', () => {
  it('sends the text of messages with pictures, says pictures were attached, and works with a model that cannot see', async () => {
    const provider = new RecordingProvider();
    const router = new LlmRouter({ openai: provider }, [{ provider: 'openai', model: 'llama3:8b' }]);
    const older: ChatMessage[] = [
      {
        role: 'user',
        content: [
          { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=', width: 10, height: 10 },
          { type: 'text', text: 'Use this logo' },
        ],
      },
      { role: 'assistant', content: 'Added it.' },
    ];
    const summary = await summarizeConversation(router, older);
    expect(summary).toEqual({ text: 'They want their logo in the navbar.', coversMessages: 2 });
    expect(provider.sent[0]).toEqual([{ role: 'user', content: 'Person: Use this logo [1 picture(s) attached]\n\nAssistant: Added it.' }]);
  });
});
