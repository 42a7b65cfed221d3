import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { Controller, Global, type INestApplication, Logger, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditEventsRepository, DbScope, type NewAuditEvent } from '@studio/data';
import type { Request } from 'express';
import { requestId } from '../common/request-id.middleware.js';
import { AuditModule } from './audit.module.js';
import { AuditLog } from './audit-log.js';

/** A repository that keeps what it is given (and the scope it was called in), or fails when told to. */
class FakeEvents {
  appended: NewAuditEvent[] = [];
  scopes: unknown[] = [];
  fail = false;
  async append(event: NewAuditEvent): Promise<void> {
    this.scopes.push(DbScope.current());
    if (this.fail) throw new Error('database is down');
    this.appended.push(event);
  }
}

const events = new FakeEvents();

/** A service with no request of its own, as the features' services are. */
@Controller('act')
class ActingController {
  constructor(private readonly audit: AuditLog) {}
  @Post()
  async act(): Promise<{ ok: true }> {
    await Promise.resolve();
    await this.audit.record({ action: 'project.created', actor: { kind: 'user', userId: 'u1' }, subjectUserId: 'u1', target: { type: 'project', id: 'p1' } });
    return { ok: true };
  }
}

@Global()
@Module({ providers: [{ provide: AuditEventsRepository, useValue: events }], exports: [AuditEventsRepository] })
class FakeRepositories {}

@Module({ imports: [FakeRepositories, AuditModule], controllers: [ActingController] })
class TestApp {}

let app: INestApplication;
let url: string;

beforeAll(async () => {
  app = await NestFactory.create(TestApp, { logger: false });
  app.use(requestId);
  await app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});
afterAll(() => app.close());
beforeEach(() => {
  events.appended = [];
  events.scopes = [];
  events.fail = false;
});

describe('AuditLog', () => {
  it('records the address and request id of the request being handled, though the caller passed no request', async () => {
    const res = await fetch(`${url}/act`, { method: 'POST', headers: { 'X-Request-Id': 'audit-req-1' } });
    expect(res.status).toBe(201);
    expect(events.appended).toEqual([
      {
        action: 'project.created',
        actorKind: 'user',
        actorUserId: 'u1',
        subjectUserId: 'u1',
        targetType: 'project',
        targetId: 'p1',
        ip: expect.stringMatching(/127\.0\.0\.1/),
        requestId: 'audit-req-1',
        details: {},
      },
    ]);
  });

  it('writes in the system scope, whatever the scope of the caller', async () => {
    const log = app.get(AuditLog);
    await DbScope.asUser('someone', () => log.record({ action: 'auth.sign_in_failed', actor: { kind: 'anonymous', userId: null }, subjectUserId: null }));
    expect(events.scopes).toEqual([{ kind: 'system', reason: 'audit' }]);
  });

  it('takes the address and request id from a request it is given, and none outside a request', async () => {
    const log = app.get(AuditLog);
    const req = { ip: '203.0.113.7', headers: { 'x-request-id': 'given' }, socket: {} } as unknown as Request;
    await log.record({ action: 'auth.signed_out', actor: { kind: 'user', userId: 'u2' }, subjectUserId: 'u2' }, req);
    await log.record({ action: 'auth.signed_out', actor: { kind: 'user', userId: 'u2' }, subjectUserId: 'u2' });
    expect(events.appended.map((e) => [e.ip, e.requestId, e.targetType])).toEqual([
      ['203.0.113.7', 'given', null],
      [null, null, null],
    ]);
  });

  it('logs a failure to record and never fails the action', async () => {
    events.fail = true;
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const res = await fetch(`${url}/act`, { method: 'POST' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('could not record project.created: database is down'));
    logged.mockRestore();
  });
});
