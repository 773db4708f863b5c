/**
 * The OpenAPI 3 document of what the emulator serves, built from the route
 * declarations (API and control plane). `npm run generate` writes it to
 * openapi/openapi.json and generates TypeScript types from it; a test keeps
 * the committed document and the routes in step.
 */
import type { ControlRouter } from './control/router.js';
import type { ApiRouter } from './http/router.js';

/** Path, then method, by code point (locale-independent, so the generated file is the same everywhere). */
function byPath(a: { path: string; method: string }, b: { path: string; method: string }): number {
  const x = `${a.path} ${a.method}`;
  const y = `${b.path} ${b.method}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The committed form of the document (openapi/openapi.json). */
export function openapiText(api: ApiRouter, control: ControlRouter): string {
  return `${JSON.stringify(openapiDocument(api, control), null, 2)}\n`;
}

export function openapiDocument(api: ApiRouter, control: ControlRouter): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...api.routes].sort(byPath);
  for (const route of sorted) {
    const pathParams = [...route.path.matchAll(/\{([a-z_]+)\}/g)].map((m) => ({
      name: m[1], in: 'path', required: true, schema: { type: 'string' },
    }));
    const shape = route.params ?? {};
    const properties: Record<string, unknown> = { expand: { type: 'array', items: { type: 'string' } } };
    const required: string[] = [];
    for (const [name, spec] of Object.entries(shape)) {
      properties[name] = spec.openapi;
      if (spec.required) required.push(name);
    }
    const schema = { type: 'object', properties, ...(required.length ? { required } : {}) };
    const op: Record<string, unknown> = {
      summary: route.summary,
      operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/\//g, '_')}`,
      ...(route.since ? { 'x-stripe-since-gate': route.since } : {}),
      parameters: [
        ...pathParams,
        ...(route.method === 'POST'
          ? []
          : Object.entries(properties).map(([name, s]) => ({ name, in: 'query', required: required.includes(name), style: 'deepObject', explode: true, schema: s }))),
      ],
      ...(route.method === 'POST'
        ? { requestBody: { required: required.length > 0, content: { 'application/x-www-form-urlencoded': { schema } } } }
        : {}),
      responses: {
        '200': { description: `A ${route.returns} object`, content: { 'application/json': { schema: { $ref: '#/components/schemas/StripeObject' } } } },
        default: { description: "Stripe's error envelope", content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } },
      },
      'x-stripe-returns': route.returns,
    };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = op;
  }
  const pathParamsOf = (path: string) =>
    [...path.matchAll(/\{([A-Za-z_]+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  for (const route of [...control.routes].sort(byPath)) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/\//g, '_')}`,
      tags: ['emulator'],
      parameters: pathParamsOf(route.path),
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } },
    };
  }
  for (const route of [...control.described].sort(byPath)) {
    const produces = route.produces ?? 'text/html';
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/[/-]/g, '_')}`,
      tags: route.tags ?? ['pages'],
      parameters: pathParamsOf(route.path),
      security: [],
      responses: { '200': { description: 'OK', content: { [produces]: { schema: produces.includes('json') ? { type: 'object' } : { type: 'string' } } } } },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Stripe invoicing emulator',
      version: '0.1.0',
      description: "The Stripe v1 endpoints this emulator implements (form-encoded requests, Stripe's error envelope) and its own control plane under /_emulator.",
    },
    servers: [{ url: 'http://127.0.0.1:12111' }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' }, basicAuth: { type: 'http', scheme: 'basic' } },
      schemas: {
        StripeObject: { type: 'object', properties: { id: { type: 'string' }, object: { type: 'string' } }, additionalProperties: true },
        ErrorEnvelope: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['type', 'message'],
              properties: {
                type: { type: 'string', enum: ['api_error', 'card_error', 'idempotency_error', 'invalid_request_error'] },
                code: { type: 'string' }, message: { type: 'string' }, param: { type: 'string' }, doc_url: { type: 'string' },
                decline_code: { type: 'string' },
              },
            },
          },
        },
      },
    },
    security: [{ bearerAuth: [] }, { basicAuth: [] }],
    paths,
  };
}
