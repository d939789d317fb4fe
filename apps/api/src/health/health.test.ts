import { createTestApp, type TestApp } from '../test-support/test-app';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

describe('health and readiness', () => {
  it('answers liveness without the database', async () => {
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database is reachable and every migration is applied', async () => {
    const response = await fetch(`${api.baseUrl}/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      migrations: { applied: number; latest: string | null };
    };
    expect(body.status).toBe('ready');
    expect(body.migrations.applied).toBeGreaterThan(0);
    expect(body.migrations.latest).toMatch(/^\d{14}_/);
  });

  it('is not ready, with a problem document, when a migration is pending', async () => {
    await api.db.pool.query(
      `DELETE FROM _waymark_migrations WHERE name = (SELECT max(name) FROM _waymark_migrations)`,
    );
    const response = await fetch(`${api.baseUrl}/ready`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 503,
      code: 'NOT_READY',
      detail: expect.stringContaining('1 pending'),
    });
  });

  it('echoes a well-formed request id and invents one otherwise', async () => {
    const echoed = await fetch(`${api.baseUrl}/health`, {
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    const invented = await fetch(`${api.baseUrl}/health`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(invented.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('problem documents', () => {
  it('answers an unknown route with a 404 problem naming the route', async () => {
    const response = await fetch(`${api.baseUrl}/no/such/route?x=1`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { requestId: string };
    expect(problem).toMatchObject({
      type: 'https://waymark.example/problems/route-not-found',
      title: 'No such route',
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      detail: 'No route matches GET /no/such/route.',
      instance: '/no/such/route?x=1',
    });
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('serves the OpenAPI document at /docs', async () => {
    const response = await fetch(`${api.baseUrl}/docs/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.paths).toHaveProperty('/ready');
  });
});
