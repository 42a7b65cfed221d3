import { idsOf } from './admin-queues.service.js';

describe('idsOf (what an admin sees of a failed job’s payload)', () => {
  it('keeps only the …Id fields, strings and numbers', () => {
    const payload = { projectId: 'p1', ownerId: 'u1', requestId: 'r1', deliveryId: 7, message: 'Make it darker', secret: 's3cret', url: 'https://hooks.example.test', data: { userId: 'nested' } };
    expect(idsOf(payload)).toEqual({ projectId: 'p1', ownerId: 'u1', requestId: 'r1', deliveryId: 7 });
  });

  it('drops an id field that holds anything else, and cuts a long one', () => {
    expect(idsOf({ projectId: { evil: true }, turnId: ['a'], uploadId: 'x'.repeat(500) })).toEqual({ uploadId: 'x'.repeat(200) });
  });

  it('answers nothing for a payload that is not an object', () => {
    expect(idsOf(null)).toEqual({});
    expect(idsOf('projectId')).toEqual({});
  });
});
