import { PAGE_EDIT_CHANNEL } from '@studio/contracts';
import { deviceOf, frameWidth } from './devices';
import { CHANNEL, isFromFrame, originOf, readPreviewMessage } from './protocol';
import { canApplyToLatest, refusalText } from './refusals';

const element = {
  location: { path: 'src/components/Hero.tsx', line: 12, column: 7 },
  owners: [{ path: 'src/App.tsx', line: 33, column: 9 }],
  tag: 'h1',
  text: 'Every answer',
  attributes: {},
};
const edited = { channel: PAGE_EDIT_CHANNEL, type: 'text-edited', id: 'e1', element, before: 'Every answer', after: 'Every question' };

describe('the client side of the page-edit bridge', () => {
  it('uses the contract’s channel', () => {
    expect(CHANNEL).toBe(PAGE_EDIT_CHANNEL);
  });

  it('reads the bridge’s messages', () => {
    expect(readPreviewMessage({ channel: PAGE_EDIT_CHANNEL, type: 'ready' })).toEqual({ channel: PAGE_EDIT_CHANNEL, type: 'ready' });
    expect(readPreviewMessage(edited)).toEqual(edited);
    const link = { ...element, tag: 'A', text: null, attributes: { href: '#pricing', onclick: 'x' } };
    expect(readPreviewMessage({ channel: PAGE_EDIT_CHANNEL, type: 'picked', element: link })).toEqual({
      channel: PAGE_EDIT_CHANNEL,
      type: 'picked',
      element: { ...element, tag: 'a', text: null, attributes: { href: '#pricing' } },
    });
  });

  it.each([
    ['another channel', { ...edited, channel: 'vite' }],
    ['an unknown type', { ...edited, type: 'eval' }],
    ['no element', { ...edited, element: undefined }],
    ['a location that is not 1-based', { ...edited, element: { ...element, location: { path: 'src/App.tsx', line: 0, column: 1 } } }],
    ['an owner that is not a location', { ...edited, element: { ...element, owners: ['src/App.tsx:1:1'] } }],
    ['text that is not a string', { ...edited, after: 42 }],
    ['text over the API’s limit', { ...edited, after: 'x'.repeat(5001) }],
    ['not an object', 'studio:page-edit'],
    ['null', null],
  ])('ignores a message with %s', (_case, data) => {
    expect(readPreviewMessage(data)).toBeNull();
  });

  it('takes a message only from the frame’s window with the preview’s origin', () => {
    const frame = {};
    const other = {};
    const origin = 'http://p1.preview.localhost:3000';
    expect(isFromFrame({ source: frame, origin }, frame, origin)).toBe(true);
    expect(isFromFrame({ source: other, origin }, frame, origin)).toBe(false);
    expect(isFromFrame({ source: frame, origin: 'http://p2.preview.localhost:3000' }, frame, origin)).toBe(false);
    expect(isFromFrame({ source: frame, origin }, frame, null)).toBe(false);
    expect(isFromFrame({ source: null, origin }, null, origin)).toBe(false);
  });

  it('knows the preview’s origin from its address', () => {
    expect(originOf('http://p1.preview.localhost:3000/?t=abc')).toBe('http://p1.preview.localhost:3000');
    expect(originOf(null)).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });

  it('says each refusal in its own words and offers "apply to the latest" only for a moved version', () => {
    const texts = ['VERSION_CONFLICT', 'EDIT_NOT_EDITABLE', 'EDIT_AMBIGUOUS', 'EDIT_LOCATION_STALE'].map((code) => refusalText(code, 'api message'));
    expect(new Set(texts).size).toBe(4);
    for (const text of texts) expect(text).not.toBe('api message');
    expect(refusalText('VERSION_CONFLICT', '')).toMatch(/your text is kept/);
    expect(refusalText('EDIT_VALUE_REFUSED', 'A link may not use javascript:.')).toBe('This cannot be saved: A link may not use javascript:.');
    expect(refusalText('RATE_LIMITED', 'Slow down.')).toBe('Slow down.');
    expect(canApplyToLatest('VERSION_CONFLICT')).toBe(true);
    expect(canApplyToLatest('EDIT_NOT_EDITABLE')).toBe(false);
  });

  it('sizes the frame for a phone, a tablet or the whole pane', () => {
    expect(frameWidth(deviceOf('phone'))).toBe('390px');
    expect(frameWidth(deviceOf('tablet'))).toBe('768px');
    expect(frameWidth(deviceOf('desktop'))).toBe('100%');
    expect(frameWidth(deviceOf(null))).toBe('100%');
    expect(frameWidth(deviceOf('watch'))).toBe('100%');
  });
});
