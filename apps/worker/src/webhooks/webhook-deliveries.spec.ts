import { uuidSchema } from '@studio/contracts';
import { deliveriesOf, deliveryIdFor } from './webhook-deliveries.js';

describe('deliveriesOf', () => {
  const at = new Date('2026-03-04T05:06:07.000Z');

  it('makes one delivery per webhook, whose payload is the signed body: id, event, time and data', () => {
    const rows = deliveriesOf(['w1', 'w2'], 'turn.completed', { turnId: 't' }, 'job-1@1', at);
    expect(rows.map((r) => r.webhookId)).toEqual(['w1', 'w2']);
    for (const row of rows) {
      expect(row.event).toBe('turn.completed');
      expect(row.payload).toEqual({ id: row.id, event: 'turn.completed', createdAt: '2026-03-04T05:06:07.000Z', data: { turnId: 't' } });
    }
    expect(rows[0].id).not.toBe(rows[1].id);
  });

  it('gives a dispatch that runs again the same ids, and another dispatch other ids', () => {
    const again = deliveriesOf(['w1'], 'turn.completed', {}, 'job-1@1', at);
    expect(again[0].id).toBe(deliveryIdFor('job-1@1', 'w1'));
    expect(deliveriesOf(['w1'], 'turn.completed', {}, 'job-1@2', at)[0].id).not.toBe(again[0].id);
    expect(uuidSchema.safeParse(again[0].id).success).toBe(true);
  });

  it('makes nothing when no webhook wants the event', () => {
    expect(deliveriesOf([], 'turn.completed', {}, 'job-1@1', at)).toEqual([]);
  });
});
