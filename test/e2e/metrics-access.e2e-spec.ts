import { jest } from '@jest/globals';
import { API_URL } from './support/api.js';
import { AppProcess, freePort, waitForHealth } from './support/apps.js';

jest.setTimeout(90_000);

const TOKEN = process.env.METRICS_TOKEN!;
const WORKER_METRICS = `http://127.0.0.1:${process.env.WORKER_METRICS_PORT}/metrics`;
const scrape = (url: string, token?: string) => fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

describe('/metrics needs METRICS_TOKEN', () => {
  it('the test stack sets a token', () => {
    expect(TOKEN).toEqual(expect.any(String));
  });

  it.each([
    ['the API', `${API_URL}/metrics`],
    ['the worker', WORKER_METRICS],
  ])('%s: no token or a wrong one is 401; the token is 200 with Prometheus text', async (_name, url) => {
    const anonymous = await scrape(url);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('# TYPE');
    expect((await scrape(url, `${TOKEN}x`)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: TOKEN } })).status).toBe(401);
    const scraped = await scrape(url, TOKEN);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('# TYPE');
  });

  describe('without METRICS_TOKEN', () => {
    let api: AppProcess;
    let url: string;
    beforeAll(async () => {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      // An empty variable is "not set" (libs/config).
      api = new AppProcess('api', { PORT: String(port), METRICS_TOKEN: '' });
      await waitForHealth(url);
    });
    afterAll(() => api?.stop());

    it('the API answers /metrics with 404, token or not', async () => {
      expect((await scrape(`${url}/metrics`)).status).toBe(404);
      expect((await scrape(`${url}/metrics`, TOKEN)).status).toBe(404);
    });
  });
});
