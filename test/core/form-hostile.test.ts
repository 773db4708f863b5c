/** Hostile form input over the API: each gets a 400 or a safe result; never a crash, a hang or a polluted prototype. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());
afterEach(() => {
  // no request may leave anything on Object.prototype
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
});

const form = { 'content-type': 'application/x-www-form-urlencoded' };

async function post(body: string, key = h.newKey(), path = '/v1/customers') {
  const started = performance.now();
  const res = await h.request(path, { method: 'POST', body, headers: form, key });
  const json = (await res.json()) as { error?: { type: string; message: string; param?: string }; id?: string };
  return { status: res.status, json, ms: performance.now() - started };
}

async function stillServes(key: string) {
  const res = await h.request('/v1/customers', { key });
  expect(res.status).toBe(200);
}

describe('hostile form bodies', () => {
  it.each([
    ['__proto__[x]=1'],
    ['constructor[prototype][x]=1'],
    ['metadata[__proto__][polluted]=1'],
    ['metadata[constructor][prototype][polluted]=1'],
    ['address[__proto__]=1'],
    ['__proto__=1'],
    ['expand[]=__proto__'],
    ['expand[]=constructor.prototype'],
  ])('%s is refused with a 400', async (body) => {
    const key = h.newKey();
    const r = await post(body, key);
    expect(r.status).toBe(400);
    expect(r.json.error?.type).toBe('invalid_request_error');
    await stillServes(key);
    expect(((await (await h.request('/v1/customers', { key })).json()) as { data: unknown[] }).data).toEqual([]);
  });

  it('refuses prototype keys in the query string of a GET', async () => {
    const res = await h.request('/v1/customers?__proto__[x]=1&constructor[prototype][x]=1');
    expect(res.status).toBe(400);
  });

  it('refuses 10,000 keys quickly', async () => {
    const body = Array.from({ length: 10_000 }, (_, i) => `metadata[k${i}]=v`).join('&');
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.json.error?.message).toMatch(/Too many parameters/);
    expect(r.ms).toBeLessThan(2000);
  });

  it('refuses 51 metadata keys naming metadata', async () => {
    const body = Array.from({ length: 51 }, (_, i) => `metadata[k${i}]=v`).join('&');
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.json.error?.param).toBe('metadata');
  });

  it('refuses 100 levels of brackets', async () => {
    const r = await post(`metadata${'[a]'.repeat(100)}=1`);
    expect(r.status).toBe(400);
    expect(r.json.error?.message).toMatch(/nested too deeply/);
    const q = await h.request(`/v1/customers?created${'[a]'.repeat(100)}=1`);
    expect(q.status).toBe(400);
  });

  it('refuses invalid percent-encoding in body, keys and query', async () => {
    for (const body of ['name=%', 'name=%zz', 'na%me=x', 'name=%C3%28', 'name=%ED%A0%80']) {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(r.json.error?.message).toMatch(/percent-encoding/);
    }
    expect((await h.request('/v1/customers?limit=%')).status).toBe(400);
  });

  it('refuses a 10 MB body without buffering it (declared length)', async () => {
    const body = `description=${'x'.repeat(10 * 1024 * 1024)}`;
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.json.error?.message).toMatch(/too large/);
  });

  it('refuses a 10 MB streamed body without a declared length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 10 * 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await h.request('/v1/customers', {
      method: 'POST', headers: form, body: stream, duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(sent).toBeLessThan(10 * 1024 * 1024); // stopped reading early
  });

  it('refuses JSON bodies with a pointer to form encoding', async () => {
    const res = await h.request('/v1/customers', { method: 'POST', body: '{"name":"x"}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/x-www-form-urlencoded/);
  });

  it('accepts odd but valid input safely', async () => {
    const key = h.newKey();
    const r = await post('name=%F0%9F%98%80+%E2%82%AC&metadata[%20]=sp&metadata[toString]=1&metadata[hasOwnProperty]=2&&', key);
    expect(r.status).toBe(200);
    const c = r.json as unknown as { name: string; metadata: Record<string, string> };
    expect(c.name).toBe('😀 €');
    expect(c.metadata).toEqual({ ' ': 'sp', toString: '1', hasOwnProperty: '2' });
    await stillServes(key);
  });

  it('handles a long run of hostile requests without degrading', async () => {
    const key = h.newKey();
    const bodies = ['__proto__[x]=1', `a${'['.repeat(5000)}=1`, `${'%'.repeat(5000)}`, '='.repeat(10_000), '&'.repeat(100_000), `a${'[]'.repeat(1000)}=1`];
    for (const body of bodies) {
      const r = await post(body, key);
      expect([200, 400]).toContain(r.status);
      expect(r.ms).toBeLessThan(2000);
    }
    await stillServes(key);
  });
});
