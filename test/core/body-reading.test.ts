/**
 * The quiet emulator under the Node server, in process on a loopback port: reading POST bodies over raw
 * sockets (a body in the packet of its headers, taken whole once the parser has it; a body arriving
 * later in pieces; pipelined requests; an empty body; a chunked body over the limit), and the Stripe
 * headers on every response, which API responses carry from the start (the app's fetch wrapper then
 * leaves them alone).
 */
import { connect, type Socket } from 'node:net';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createHarness, newKey, stripeOverHttp } from '../support/harness.js';
import { serveOnLoopback, servedEmulator } from '../support/stripe-cli.js';

const served = servedEmulator();
const port = () => served.server.port;

interface RawResponse {
  status: number;
  body: string;
}

/** Reads `count` responses (with Content-Length) from a socket. */
function readResponses(socket: Socket, count: number): Promise<RawResponse[]> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const out: RawResponse[] = [];
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffered.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        out.push({ status: Number(head.split(' ')[1]), body: buffered.subarray(end + 4, end + 4 + length).toString('utf8') });
        buffered = buffered.subarray(end + 4 + length);
        if (out.length === count) resolve(out);
      }
    });
    socket.on('error', reject);
  });
}

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port(), '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

const head = (key: string, extra: string) =>
  `POST /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/x-www-form-urlencoded\r\n${extra}\r\n`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('POST bodies over HTTP', () => {
  it('reads a body sent in the same packet as its headers', async () => {
    const key = newKey();
    const socket = await open();
    const body = 'email=same%40example.com&metadata[plan]=pro';
    const responses = readResponses(socket, 1);
    socket.write(head(key, `Content-Length: ${body.length}\r\n`) + body);
    const [res] = await responses;
    socket.destroy();
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ object: 'customer', email: 'same@example.com', metadata: { plan: 'pro' } });
  });

  it('reads a body that arrives after its headers, in pieces', async () => {
    const key = newKey();
    const socket = await open();
    const body = 'email=late%40example.com&name=Late+Comer';
    const responses = readResponses(socket, 1);
    socket.write(head(key, `Content-Length: ${body.length}\r\n`));
    await sleep(30);
    socket.write(body.slice(0, 10));
    await sleep(30);
    socket.write(body.slice(10));
    const [res] = await responses;
    socket.destroy();
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ email: 'late@example.com', name: 'Late Comer' });
  });

  it('answers pipelined requests in one packet, each with its own body, in order', async () => {
    const key = newKey();
    const socket = await open();
    const bodies = ['email=first%40example.com', 'email=second%40example.com&name=Two', ''];
    const responses = readResponses(socket, 3);
    socket.write(bodies.map((b) => head(key, `Content-Length: ${b.length}\r\n`) + b).join(''));
    const res = await responses;
    socket.destroy();
    expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(res.map((r) => JSON.parse(r.body).email)).toEqual(['first@example.com', 'second@example.com', null]);
    const listed = await stripeOverHttp(port(), key).customers.list();
    expect(listed.data.map((c) => c.email)).toEqual([null, 'second@example.com', 'first@example.com']);
  });

  it('refuses a chunked body over the limit with a 400, creates nothing and keeps serving', async () => {
    const key = newKey();
    const socket = await open();
    const big = `email=big%40example.com&description=${'x'.repeat(1024 * 1024 + 10)}`;
    const responses = readResponses(socket, 1);
    socket.write(`${head(key, 'Transfer-Encoding: chunked\r\n')}${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`);
    const [res] = await responses;
    socket.destroy();
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/too large/) });
    const stripe: Stripe = stripeOverHttp(port(), key);
    expect((await stripe.customers.list()).data).toEqual([]);
    expect((await stripe.customers.create({ email: 'after@example.com' })).email).toBe('after@example.com');
  });
});

describe('a client that does not send its whole body', () => {
  it('is refused like bad input: nothing is written and nothing is logged as an emulator error', async () => {
    const lines: string[] = [];
    const h = await createHarness({ logger: (line) => lines.push(line) });
    const server = await serveOnLoopback(h.emulator.app);
    try {
      const key = newKey();
      const hangUp = async (request: string) => {
        const socket = connect(server.port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        const closed = new Promise((resolve) => socket.once('close', resolve));
        socket.on('error', () => {});
        socket.write(request);
        await sleep(30);
        socket.destroy();
        await closed;
      };
      await hangUp(`${head(key, 'Content-Length: 100\r\n')}email=gone%40example.com`); // 24 of 100 bytes, then gone
      await hangUp(`${head(key, 'Transfer-Encoding: chunked\r\n')}zz\r\nname=x\r\n`); // not a chunk size
      await sleep(50);
      expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);
      expect((await stripeOverHttp(server.port, key).customers.list()).data).toEqual([]);
    } finally {
      await server.close();
      await h.close();
    }
  });
});

describe('headers over HTTP', () => {
  it('every response carries Request-Id and Stripe-Version: API answers, API errors, the control plane, unknown paths', async () => {
    const key = newKey();
    const base = served.server.url;
    const auth = { authorization: `Bearer ${key}` };
    const responses = await Promise.all([
      fetch(`${base}/v1/customers`, { method: 'POST', headers: auth, body: new URLSearchParams({ email: 'h@example.com' }) }),
      fetch(`${base}/v1/customers/cus_missing`, { headers: auth }),
      fetch(`${base}/v1/nothing/here`, { headers: auth }),
      fetch(`${base}/v1/customers`),
      fetch(`${base}/v1/customers`, { headers: { ...auth, 'stripe-version': '2025-05-28.basil' } }),
      fetch(`${base}/v1/../_emulator/health`),
      fetch(`${base}/_emulator/health`),
      fetch(`${base}/no/such/page`),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 404, 404, 401, 200, 200, 200, 404]);
    for (const res of responses) {
      expect(res.headers.get('request-id'), res.url).toMatch(/^req_[0-9A-Za-z]{24}$/);
      expect(res.headers.get('stripe-version'), res.url).toMatch(/^20\d\d-\d\d-\d\d\.\w+$/);
    }
    expect(responses[4].headers.get('stripe-version')).toBe('2025-05-28.basil');
    expect(new Set(responses.map((r) => r.headers.get('request-id'))).size).toBe(responses.length);
  });
});
