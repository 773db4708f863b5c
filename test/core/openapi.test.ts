/**
 * openapi/ describes exactly what the emulator serves: every route of the Hono app has a
 * description and every description a route, and the committed openapi.json / types.ts are what
 * `npm run generate` produces from the current routes. The Stripe API is one Hono route
 * (`/v1/*`, its dispatcher): its operations are checked by sending each one through the app.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectRoutes } from 'hono/dev';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiDocument, openapiText } from '../../src/openapi.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ROOT } from '../support/server-process.js';

const REGENERATE = 'Run `npm run generate` and commit openapi/openapi.json and openapi/types.ts (every engineer adding or changing routes must do this).';

let h: Harness;
let doc: { paths: Record<string, Record<string, { summary?: string; operationId?: string }>> };
beforeAll(async () => {
  h = await createHarness();
  doc = openapiDocument(h.emulator.router, h.emulator.control) as typeof doc;
});
afterAll(() => h.close());

/** `/v1/customers/:customer` → `/v1/customers/{customer}` (also `:id{[0-9]+}`). */
function openapiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?/g, '{$1}');
}

/** The Hono routes besides the API dispatcher (control plane, pages), plus every API operation. */
function servedRoutes(): string[] {
  const hono = inspectRoutes(h.emulator.app)
    .filter((r) => !r.isMiddleware && r.path !== '/v1/*')
    .map((r) => `${r.method} ${openapiPath(r.path)}`);
  return [...hono, ...h.emulator.router.routes.map((r) => `${r.method} ${r.path}`)];
}

function documentedRoutes(): string[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
}

describe('the OpenAPI document', () => {
  it('describes every route the app serves', () => {
    const documented = new Set(documentedRoutes());
    const missing = [...new Set(servedRoutes())].filter((r) => !documented.has(r));
    expect(missing, `routes without a description (declare API routes with ApiRouter.add, control routes with ControlRouter.add, and pages mounted some other way with emulator.control.describe({ method, path, summary })): ${missing.join(', ')}`).toEqual([]);
  });

  it('describes no route the app does not serve', () => {
    const served = new Set(servedRoutes());
    const extra = documentedRoutes().filter((r) => !served.has(r));
    expect(extra, `descriptions without a route: ${extra.join(', ')}`).toEqual([]);
  });

  it('reaches every documented API operation through the /v1 dispatcher', async () => {
    const key = h.newKey();
    const unreachable: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const method of Object.keys(ops)) {
        const url = path.replace(/\{[a-z_]+\}/g, 'x_missing');
        const res = await h.request(url, { method: method.toUpperCase(), key });
        const body = (await res.json()) as { error?: { message?: string } };
        if (res.status === 404 && body.error?.message?.startsWith('Unrecognized request URL')) unreachable.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(unreachable).toEqual([]);
    const unknown = await h.request('/v1/customers/x_missing/nothing', { method: 'GET', key });
    expect(unknown.status).toBe(404);
  });

  it('has a summary and a unique operationId for every operation', () => {
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.summary?.trim(), `${method} ${path} has no summary`).toBeTruthy();
        expect(ids.has(op.operationId!), `duplicate operationId ${op.operationId}`).toBe(false);
        ids.add(op.operationId!);
      }
    }
    expect(ids.size).toBeGreaterThan(10);
  });

  it('is committed as openapi/openapi.json, up to date', () => {
    const committed = readFileSync(join(ROOT, 'openapi', 'openapi.json'), 'utf8');
    const generated = openapiText(h.emulator.router, h.emulator.control);
    if (committed !== generated) {
      const a = new Set(documentedRoutes());
      const old = JSON.parse(committed) as typeof doc;
      const b = new Set(Object.entries(old.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
      const added = [...a].filter((r) => !b.has(r));
      const removed = [...b].filter((r) => !a.has(r));
      expect.fail(`openapi/openapi.json is out of date (routes added: ${added.join(', ') || 'none'}; removed: ${removed.join(', ') || 'none'}; or parameters/summaries changed). ${REGENERATE}`);
    }
  });

  it('has openapi/types.ts generated from it', () => {
    const types = readFileSync(join(ROOT, 'openapi', 'types.ts'), 'utf8');
    expect(types).toContain('auto-generated by openapi-typescript');
    const missing = Object.keys(doc.paths).filter((p) => !types.includes(`"${p}": {`));
    expect(missing, `openapi/types.ts lacks ${missing.join(', ')}. ${REGENERATE}`).toEqual([]);
  });

  it('is served at GET /_emulator/openapi.json', async () => {
    const res = await h.request('/_emulator/openapi.json', { key: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual(JSON.parse(openapiText(h.emulator.router, h.emulator.control)));
  });

  it('documents parameters: path parameters, required body fields and query parameters', () => {
    const d = doc as unknown as { paths: Record<string, Record<string, { parameters: Array<{ name: string; in: string; required?: boolean }>; requestBody?: { content: Record<string, { schema: { required?: string[]; properties: Record<string, unknown> } }> } }>> };
    const retrieve = d.paths['/v1/customers/{customer}'].get;
    expect(retrieve.parameters).toContainEqual(expect.objectContaining({ name: 'customer', in: 'path', required: true }));
    const list = d.paths['/v1/customers'].get;
    expect(list.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['limit', 'starting_after', 'ending_before', 'created', 'email', 'expand']));
    // the bounds the server enforces are the ones described
    expect(list.parameters.find((p) => p.name === 'limit')).toMatchObject({ schema: { type: 'integer', minimum: 1, maximum: 100 } });
    expect(d.paths['/v1/customers/{customer}'].delete).toMatchObject({ 'x-stripe-returns': 'deleted_customer' });
    const txn = d.paths['/v1/customers/{customer}/balance_transactions'].post;
    const schema = txn.requestBody!.content['application/x-www-form-urlencoded'].schema;
    expect(schema.required).toEqual(['amount', 'currency']);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['amount', 'currency', 'description', 'metadata', 'expand']));
  });
});
