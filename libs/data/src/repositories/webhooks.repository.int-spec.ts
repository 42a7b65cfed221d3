import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { WebhookEntity } from '../entities/webhook.entity.js';
import { WebhookDeliveryEntity } from '../entities/webhook-delivery.entity.js';
import { UsersRepository } from './users.repository.js';
import { type NewDelivery, type NewWebhook, WebhooksRepository } from './webhooks.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let webhooks: WebhooksRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 6 });
  await ds.initialize();
  webhooks = new WebhooksRepository(ds);
});
afterAll(() => ds.destroy());

const newOwner = async () => (await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' })).id;
const hook = (ownerId: string, events = ['turn.completed']): NewWebhook => ({ ownerId, url: 'https://hooks.example.test/in', secret: 's3cret', events });
const delivery = (webhookId: string, event = 'turn.completed'): NewDelivery => {
  const id = randomUUID();
  return { id, webhookId, event, payload: { id, event, data: { turnId: 't', note: 'ünïcode "quoted"' } } };
};

describe('WebhooksRepository', () => {
  it('registers an active webhook, found by its owner only', async () => {
    const ownerId = await newOwner();
    const created = await webhooks.create(hook(ownerId), 20);
    expect(created).toMatchObject({ ownerId, url: 'https://hooks.example.test/in', secret: 's3cret', events: ['turn.completed'], active: true });
    expect((await webhooks.findOwned(ownerId, created!.id))?.id).toBe(created!.id);
    expect(await webhooks.findOwned(await newOwner(), created!.id)).toBeNull();
  });

  it('refuses a webhook past the cap (null), even when many are created at once', async () => {
    const ownerId = await newOwner();
    const results = await Promise.all(Array.from({ length: 6 }, () => webhooks.create(hook(ownerId), 3)));
    expect(results.filter((r) => r !== null)).toHaveLength(3);
    expect(await ds.getRepository(WebhookEntity).countBy({ ownerId })).toBe(3);
    expect(await webhooks.create(hook(ownerId), 3)).toBeNull();
    expect(await webhooks.create(hook(await newOwner()), 3)).not.toBeNull();
  });

  it("lists the owner's webhooks newest first, and deletes only the owner's, once", async () => {
    const ownerId = await newOwner();
    const first = await webhooks.create(hook(ownerId), 20);
    const second = await webhooks.create(hook(ownerId), 20);
    await webhooks.create(hook(await newOwner()), 20);
    expect((await webhooks.listOwned(ownerId)).map((w) => w.id)).toEqual([second!.id, first!.id]);
    expect(await webhooks.deleteOwned(await newOwner(), first!.id)).toBe(false);
    expect(await webhooks.deleteOwned(ownerId, first!.id)).toBe(true);
    expect(await webhooks.deleteOwned(ownerId, first!.id)).toBe(false);
    expect((await webhooks.listOwned(ownerId)).map((w) => w.id)).toEqual([second!.id]);
  });

  it("names the owner's active webhooks subscribed to an event", async () => {
    const ownerId = await newOwner();
    const wants = await webhooks.create(hook(ownerId, ['turn.completed', 'export.ready']), 20);
    await webhooks.create(hook(ownerId, ['export.ready']), 20);
    const off = await webhooks.create(hook(ownerId, ['turn.completed']), 20);
    await ds.getRepository(WebhookEntity).update({ id: off!.id }, { active: false });
    await webhooks.create(hook(await newOwner(), ['turn.completed']), 20);
    expect(await webhooks.subscribedTo(ownerId, 'turn.completed')).toEqual([wants!.id]);
    expect(await webhooks.subscribedTo(ownerId, 'project.deleted')).toEqual([]);
  });

  it('stores deliveries pending, once per id however often they are added', async () => {
    const ownerId = await newOwner();
    const created = await webhooks.create(hook(ownerId), 20);
    const row = delivery(created!.id);
    await webhooks.addDeliveries([row]);
    await webhooks.recordAttempt(row.id, { at: new Date().toISOString(), status: 500, durationMs: 3 }, 'pending');
    await webhooks.addDeliveries([row, delivery(created!.id)]);
    await webhooks.addDeliveries([]);
    const stored = await ds.getRepository(WebhookDeliveryEntity).findBy({ webhookId: created!.id });
    expect(stored).toHaveLength(2);
    expect(stored.find((d) => d.id === row.id)).toMatchObject({ status: 'pending', event: 'turn.completed', payload: row.payload, attempts: [expect.objectContaining({ status: 500 })] });
  });

  it('loads a delivery with what sending it needs, and nothing once its webhook is deleted', async () => {
    const ownerId = await newOwner();
    const created = await webhooks.create(hook(ownerId), 20);
    const row = delivery(created!.id);
    await webhooks.addDeliveries([row]);
    expect(await webhooks.pendingDelivery(row.id)).toEqual({
      id: row.id,
      event: 'turn.completed',
      payload: row.payload,
      status: 'pending',
      url: 'https://hooks.example.test/in',
      secret: 's3cret',
      active: true,
    });
    await webhooks.deleteOwned(ownerId, created!.id);
    expect(await webhooks.pendingDelivery(row.id)).toBeNull();
  });

  it('appends each attempt to the log and marks the delivery delivered when one succeeds', async () => {
    const created = await webhooks.create(hook(await newOwner()), 20);
    const row = delivery(created!.id);
    await webhooks.addDeliveries([row]);
    const refused = { at: '2026-01-01T00:00:00.000Z', error: 'connection refused', durationMs: 0 };
    const ok = { at: '2026-01-01T00:01:00.000Z', status: 204, durationMs: 12 };
    await webhooks.recordAttempt(row.id, refused, 'pending');
    expect((await webhooks.deliveries(created!.id, 10))[0]).toMatchObject({ status: 'pending', deliveredAt: null, attempts: [refused] });
    await webhooks.recordAttempt(row.id, ok, 'succeeded');
    expect((await webhooks.deliveries(created!.id, 10))[0]).toMatchObject({ status: 'succeeded', deliveredAt: expect.any(Date), attempts: [refused, ok] });
  });

  it('records a final failure without a delivery time', async () => {
    const created = await webhooks.create(hook(await newOwner()), 20);
    const row = delivery(created!.id);
    await webhooks.addDeliveries([row]);
    await webhooks.recordAttempt(row.id, { at: '2026-01-01T00:00:00.000Z', status: 500, durationMs: 5 }, 'failed');
    expect(await webhooks.pendingDelivery(row.id)).toMatchObject({ status: 'failed' });
    expect((await webhooks.deliveries(created!.id, 1))[0]).toMatchObject({ status: 'failed', deliveredAt: null });
  });

  it("lists a webhook's deliveries newest first, at most `limit`", async () => {
    const created = await webhooks.create(hook(await newOwner()), 20);
    const rows = [delivery(created!.id), delivery(created!.id), delivery(created!.id)];
    for (const row of rows) await webhooks.addDeliveries([row]);
    expect((await webhooks.deliveries(created!.id, 10)).map((d) => d.id)).toEqual(rows.map((r) => r.id).reverse());
    expect((await webhooks.deliveries(created!.id, 2)).map((d) => d.id)).toEqual([rows[2].id, rows[1].id]);
  });
});
