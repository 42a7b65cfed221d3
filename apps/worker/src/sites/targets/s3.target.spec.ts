import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StudioError } from '@studio/contracts';
import type { PublishFile } from '../publish-file.js';
import { IMMUTABLE_CACHE, REVALIDATE_CACHE, s3TargetFactory } from './s3.target.js';

const SECRET = 'not-a-real-secret-made-up-for-this-test';
const KEY_ID = 'made-up-key-id-for-this-test';
const deployment = { id: 'd1', projectId: 'p1', siteId: 's1' };
const files: PublishFile[] = [
  { path: 'index.html', bytes: Buffer.from('<!doctype html>'), contentType: 'text/html; charset=utf-8', immutable: false },
  { path: 'assets/index-Ab3dE_9x.js', bytes: Buffer.from('1'), contentType: 'text/javascript; charset=utf-8', immutable: true },
];

/** A stand-in S3 endpoint: records each request, answers as `answer` says. */
let server: Server;
let endpoint: string;
let requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
let answer: (req: IncomingMessage) => { status: number; body?: string };

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = Buffer.concat(await req.toArray()).toString();
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const { status, body: out } = answer(req);
    res.writeHead(status, { 'content-type': 'application/xml' }).end(out ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  requests = [];
  answer = () => ({ status: 200 });
});

const target = (config: Record<string, unknown> = {}) =>
  s3TargetFactory((sealed) => (sealed === 'sealed' ? SECRET : ''))({
    targetKind: 's3',
    targetConfig: { endpoint, region: 'us-east-1', bucket: 'mine', prefix: 'www/', accessKeyId: KEY_ID, forcePathStyle: true, ...config },
    targetSecret: 'sealed',
  });

describe('S3Target', () => {
  it('puts each file under the prefix with its content type and cache policy, signed with the opened secret', async () => {
    await target().put(deployment, files);
    const byUrl = new Map(requests.map((r) => [r.url.split('?')[0], r]));
    expect([...byUrl.keys()].sort()).toEqual(['/mine/www/assets/index-Ab3dE_9x.js', '/mine/www/index.html']);
    expect(byUrl.get('/mine/www/index.html')).toMatchObject({
      method: 'PUT',
      body: '<!doctype html>',
      headers: expect.objectContaining({ 'content-type': 'text/html; charset=utf-8', 'cache-control': REVALIDATE_CACHE }),
    });
    expect(byUrl.get('/mine/www/assets/index-Ab3dE_9x.js')?.headers['cache-control']).toBe(IMMUTABLE_CACHE);
    expect(byUrl.get('/mine/www/index.html')?.headers.authorization).toContain(`Credential=${KEY_ID}/`);
  });

  it('a refusal is PUBLISH_TARGET_REFUSED with the provider’s words, the key id and secret masked', async () => {
    answer = () => ({
      status: 403,
      body: `<?xml version="1.0"?><Error><Code>InvalidAccessKeyId</Code><Message>The key ${KEY_ID} with secret ${SECRET} does not exist</Message></Error>`,
    });
    const err = await target()
      .put(deployment, files)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(StudioError);
    const body = (err as StudioError).toBody();
    expect(body).toMatchObject({ code: 'PUBLISH_TARGET_REFUSED', details: { provider: 'InvalidAccessKeyId', status: 403, bucket: 'mine' } });
    expect(body.message).toContain('InvalidAccessKeyId');
    expect(JSON.stringify(body)).not.toContain(SECRET);
    expect(JSON.stringify(body)).not.toContain(KEY_ID);
  });

  it('an endpoint that does not answer is refused too; a server error is left to the queue’s retry', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await expect(target({ endpoint: `http://127.0.0.1:${closed}` }).put(deployment, files)).rejects.toMatchObject({ code: 'PUBLISH_TARGET_REFUSED' });

    answer = () => ({ status: 503, body: '<Error><Code>SlowDown</Code><Message>busy</Message></Error>' });
    const err = await target()
      .put(deployment, files)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).not.toBeInstanceOf(StudioError);
    expect(err).toBeInstanceOf(Error);
  });

  it('settings that are not a bucket’s, or a secret that no longer opens, are refused', () => {
    const make = s3TargetFactory(() => {
      throw new Error('bad tag');
    });
    expect(() => make({ targetKind: 's3', targetConfig: { bucket: 'x' }, targetSecret: 'v1:x' })).toThrow(expect.objectContaining({ code: 'PUBLISH_TARGET_REFUSED' }));
    expect(() => make({ targetKind: 's3', targetConfig: { region: 'r', bucket: 'mine', accessKeyId: 'k' }, targetSecret: 'v1:x' })).toThrow(/no longer be read/);
  });
});
