import type { ChatMessage } from '../provider.js';
import { toAnthropicMessages, toOpenAiMessages } from './message-mapping.js';

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
