import type { QueueName } from '@studio/contracts';
import { currentRequestId } from '@studio/platform';
import type { Job } from 'bullmq';
import { assertHandlerCoverage, type JobHandlers, QueueProcessor } from './job-handlers.js';

const fake = (queue: string, jobs: string[], name = 'P') => ({ queue, handledJobs: () => jobs, constructor: { name } }) as unknown as QueueProcessor<QueueName>;

describe('assertHandlerCoverage', () => {
  it('accepts one handler per job on its own queue', () => {
    const previews = fake('previews', ['preview.start', 'preview.sync', 'preview.stop']);
    const rest = [fake('exports', ['export.build']), fake('webhooks', ['webhook.dispatch', 'webhook.deliver']), fake('assets', ['upload.process']), fake('sites', ['deployment.build'])];
    const maintenance = fake('maintenance', ['project.purge', 'exports.expire', 'uploads.expire', 'deployments.prune', 'domains.recheck', 'blobs.collect', 'projects.archive', 'audit.prune']);
    expect(() => assertHandlerCoverage([maintenance, fake('turns', ['turn.run']), previews, ...rest])).not.toThrow();
  });

  it('refuses a job without a handler', () => {
    expect(() => assertHandlerCoverage([])).toThrow('Job "project.purge" must have exactly one handler; found none');
  });

  it('refuses a job with two handlers', () => {
    expect(() => assertHandlerCoverage([fake('maintenance', ['project.purge'], 'A'), fake('maintenance', ['project.purge'], 'B'), fake('turns', ['turn.run'])])).toThrow('found A, B');
  });

  it('refuses a handler on the wrong queue', () => {
    expect(() => assertHandlerCoverage([fake('turns', ['project.purge'])])).toThrow('belongs to "maintenance"');
  });
});

describe('QueueProcessor', () => {
  it('runs each handler in a log context with the request id of its data, which jobs it enqueues carry on', async () => {
    const seen: unknown[] = [];
    class Exports extends QueueProcessor<'exports'> {
      readonly queue = 'exports';
      protected readonly handlers: JobHandlers<'exports'> = { 'export.build': async () => void seen.push(currentRequestId()) };
    }
    const fair = { run: (_queue: unknown, _job: unknown, _token: unknown, work: () => Promise<unknown>) => work() };
    const processor = Object.assign(new Exports(), { fair });
    await processor.process({ name: 'export.build', id: '7', attemptsMade: 0, data: { exportId: 'e', ownerId: 'u', requestId: 'req-77' } } as unknown as Job);
    await processor.process({ name: 'export.build', id: '8', attemptsMade: 0, data: { exportId: 'e', ownerId: 'u' } } as unknown as Job);
    expect(seen).toEqual(['req-77', undefined]);
  });

  it("listens to its BullMQ worker's errors and logs them through the app's logger (JSON lines), never leaving them to BullMQ's plain stderr", () => {
    class Exports extends QueueProcessor<'exports'> {
      readonly queue = 'exports';
      protected readonly handlers: JobHandlers<'exports'> = { 'export.build': async () => undefined };
    }
    // What @nestjs/bullmq's explorer reads to attach the listener (it walks the prototype chain).
    const handler: unknown = Object.getOwnPropertyDescriptor(QueueProcessor.prototype, 'onWorkerError')?.value;
    expect(Reflect.getMetadata('bullmq:worker_events_metadata', handler as object)).toEqual({ eventName: 'error' });
    const processor = new Exports();
    const logged: unknown[] = [];
    Object.assign(processor, { logger: { warn: (m: unknown) => logged.push(m) } });
    processor.onWorkerError(new Error('could not renew lock for job 1'));
    expect(logged).toEqual([{ msg: 'exports queue: could not renew lock for job 1' }]);
  });
});
