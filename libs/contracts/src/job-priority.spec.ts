import { JOB_OPTIONS, JOB_PRIORITY, JOB_QUEUE, type JobName, jobOptions, PRIORITY_BAND, repeatableJob } from './queues.js';

const NAMES = Object.keys(JOB_QUEUE) as JobName[];
const classOf = (name: JobName) => JOB_PRIORITY[name];

describe('JOB_PRIORITY', () => {
  it('puts interactive work first: turns, then previews, then uploads, exports and publishes, then webhooks, then maintenance', () => {
    const order: JobName[][] = [['turn.run'], ['preview.sync', 'preview.stop', 'preview.start'], ['upload.process'], ['export.build', 'deployment.build'], ['webhook.deliver', 'webhook.dispatch']];
    const maintenance = NAMES.filter((n) => JOB_QUEUE[n] === 'maintenance');
    const ranks = [...order, maintenance].map((group) => group.map(classOf));
    for (let i = 1; i < ranks.length; i++) expect(Math.min(...ranks[i])).toBeGreaterThan(Math.max(...ranks[i - 1]));
  });

  it("runs a preview's sync and stop before a start (short follow-ups, whose order with a later start must hold)", () => {
    expect(classOf('preview.sync')).toBeLessThan(classOf('preview.start'));
    expect(classOf('preview.stop')).toBeLessThan(classOf('preview.start'));
  });

  it('gives every job a class inside BullMQ’s range', () => {
    for (const name of NAMES) {
      expect(Number.isInteger(classOf(name)) && classOf(name) >= 1).toBe(true);
      expect(jobOptions(name, PRIORITY_BAND * 10).priority).toBeLessThan(2 ** 21);
    }
  });
});

describe('jobOptions', () => {
  it('carries the queue’s retries and dead-letter keeping, and a priority of class then place in line', () => {
    expect(jobOptions('export.build', 3)).toEqual({ ...JOB_OPTIONS.exports, priority: classOf('export.build') * PRIORITY_BAND + 3 });
    expect(jobOptions('turn.run').priority).toBe(classOf('turn.run') * PRIORITY_BAND);
  });

  it('never lets a long line reach the next class', () => {
    expect(jobOptions('preview.start', 10 ** 9).priority).toBeLessThan(jobOptions('upload.process', 0).priority);
    expect(jobOptions('preview.start', -5).priority).toBe(jobOptions('preview.start', 0).priority);
  });

  it('keeps failed jobs by count, except previews (the next visit asks again under the same job id)', () => {
    for (const [queue, options] of Object.entries(JOB_OPTIONS)) {
      if (queue === 'previews') expect(options.removeOnFail).toBe(true);
      else expect(options.removeOnFail).toEqual({ count: expect.any(Number) });
    }
  });

  it('is what a repeatable job is scheduled with', () => {
    expect(repeatableJob('blobs.collect')).toEqual({ name: 'blobs.collect', data: {}, opts: jobOptions('blobs.collect') });
  });
});
