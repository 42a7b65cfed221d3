import { API_URL, Client, type Json } from './support/api.js';

describe('operations', () => {
  it('/health reports every dependency up', async () => {
    const res = await new Client().get('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    for (const dep of ['postgres', 'redis', 's3', 'worker']) expect(res.body.dependencies[dep]).toMatchObject({ status: 'up' });
  });

  it('/metrics speaks Prometheus, with request timings by route pattern', async () => {
    await new Client().get('/health');
    const res = await fetch(`${API_URL}/metrics`, { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } });
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE studio_http_request_duration_seconds histogram');
    expect(text).toMatch(/studio_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/);
    expect(text).toContain('studio_api_process_resident_memory_bytes');
  });

  it('/docs serves the OpenAPI of the controllers', async () => {
    const ui = await fetch(`${API_URL}/docs`);
    expect(ui.status).toBe(200);
    const doc: Json = await (await fetch(`${API_URL}/docs/json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/register', '/api/projects', '/api/projects/{id}', '/api/api-keys', '/health']));
    expect(doc.paths['/api/auth/register'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
  });

  it('answers an unknown route with the error shape', async () => {
    const res = await new Client().get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('echoes a request id', async () => {
    const res = await new Client().request('GET', '/health', undefined, { 'x-request-id': 'trace-123' });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  it('lists the templates', async () => {
    const { signUp } = await import('./support/api.js');
    const user = await signUp('templates');
    const res = await user.client.get('/api/templates');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'landing', name: expect.any(String), description: expect.any(String) })]));
  });
});
