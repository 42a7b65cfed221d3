import type { ChatMessage } from '../provider.js';
import { anthropicSystem, toAnthropicMessages, toOpenAiMessages, withHistoryBreakpoint } from './message-mapping.js';

const png = 'iVBORw0KGgo=';
const messages: ChatMessage[] = [
  { role: 'user', content: 'hello' },
  { role: 'assistant', content: 'hi' },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'use this logo' },
      { type: 'image', mediaType: 'image/png', data: png, width: 64, height: 32 },
      { type: 'text', text: 'in the navbar' },
      { type: 'image', mediaType: 'image/webp', data: 'UklGRg==', width: 10, height: 10 },
    ],
  },
];

describe('toOpenAiMessages', () => {
  it('keeps strings as they are and sends pictures as data-URL image_url parts in order', () => {
    expect(toOpenAiMessages(messages)).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'hi' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'use this logo' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}`, detail: 'auto' } },
          { type: 'text', text: 'in the navbar' },
          { type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGRg==', detail: 'auto' } },
        ],
      },
    ]);
  });

  it('sends only the text of an assistant message with parts (the protocol has no assistant pictures)', () => {
    expect(
      toOpenAiMessages([
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'a' },
            { type: 'image', mediaType: 'image/gif', data: 'R0lG', width: 1, height: 1 },
          ],
        },
      ]),
    ).toEqual([{ role: 'assistant', content: 'a' }]);
  });
});

describe('toAnthropicMessages', () => {
  it('puts the pictures of a message before its text, as base64 image blocks', () => {
    expect(toAnthropicMessages(messages)[2]).toEqual({
      role: 'user',
      content: [
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
        { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'UklGRg==' } },
        { type: 'text', text: 'use this logo\nin the navbar' },
      ],
    });
    expect(toAnthropicMessages(messages).slice(0, 2)).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'hi' },
    ]);
  });

  it('sends a picture without text as a picture alone (an empty text block is refused by the API)', () => {
    expect(toAnthropicMessages([{ role: 'user', content: [{ type: 'image', mediaType: 'image/jpeg', data: '/9j/', width: 5, height: 5 }] }])).toEqual([
      { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } }] },
    ]);
  });
});

describe('Anthropic cache breakpoints', () => {
  const ephemeral = { type: 'ephemeral' };

  it('end the static prompt, the unchanged head of the dynamic part, and the rest of it', () => {
    expect(anthropicSystem({ static: 'S', dynamic: 'stable files|changed files', stableChars: 13 })).toEqual([
      { type: 'text', text: 'S', cache_control: ephemeral },
      { type: 'text', text: 'stable files|', cache_control: ephemeral },
      { type: 'text', text: 'changed files', cache_control: ephemeral },
    ]);
    // The head the next turn still sends is marked too; then the rest goes unmarked (four breakpoints, one for the conversation).
    expect(anthropicSystem({ static: 'S', dynamic: 'durable|stable|rest', stableChars: 15, durableChars: 8 })).toEqual([
      { type: 'text', text: 'S', cache_control: ephemeral },
      { type: 'text', text: 'durable|', cache_control: ephemeral },
      { type: 'text', text: 'stable|', cache_control: ephemeral },
      { type: 'text', text: 'rest' },
    ]);
    expect(anthropicSystem({ static: 'S', dynamic: 'durable|stable', stableChars: 14, durableChars: 8 }).map((b) => Boolean(b.cache_control))).toEqual([true, true, true]);
    // No empty block: all of it unchanged, none of it, or no dynamic part at all.
    expect(anthropicSystem({ static: 'S', dynamic: 'D', stableChars: 1 })).toHaveLength(2);
    expect(anthropicSystem({ static: 'S', dynamic: 'D' })).toHaveLength(2);
    expect(anthropicSystem({ static: 'S' })).toEqual([{ type: 'text', text: 'S', cache_control: ephemeral }]);
  });

  it('end the conversation before the newest message, whatever its shape', () => {
    const marked = withHistoryBreakpoint(toAnthropicMessages(messages));
    expect(marked[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'hi', cache_control: ephemeral }] });
    expect(marked[0]).toEqual({ role: 'user', content: 'hello' });
    expect(marked[2]).toEqual(toAnthropicMessages(messages)[2]);
    const picture = withHistoryBreakpoint(toAnthropicMessages([messages[2], { role: 'user', content: 'next' }]));
    expect((picture[0].content as { type: string; cache_control?: unknown }[]).at(-1)).toMatchObject({ type: 'text', cache_control: ephemeral });
    // A single message has no history to mark.
    expect(withHistoryBreakpoint(toAnthropicMessages([messages[0]]))).toEqual([{ role: 'user', content: 'hello' }]);
  });
});
