import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { dashboardSession } from './support.js';

let h: Harness;
let receiver: Server;
let receiverUrl: string;
const received: string[] = [];


beforeAll(async () => {
  h = await createHarness();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body).id);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('dashboard: webhooks', () => {
  it('shows endpoints and deliveries with their attempts, and resends a delivery', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const endpoint = await stripe.webhookEndpoints.create({ url: receiverUrl, enabled_events: ['customer.created'] });
    const customer = await stripe.customers.create({ name: 'Hook' });
    await h.emulator.drain();
    const [event] = (await stripe.events.list({ type: 'customer.created' })).data;
    expect(received).toContain(event.id);

    const s = await dashboardSession(h, key);
    const html = await s.html('/dashboard/webhooks');
    const t = text(html);
    expect(t).toContain(receiverUrl);
    expect(t).toContain(endpoint.id);
    expect(t).toContain('customer.created');
    expect(html).toContain(event.id);
    expect(t).toMatch(/HTTP 200/);
    expect(t).toContain('Succeeded');
    expect(customer.id).toMatch(/^cus_/);

    const deliveryId = /\/dashboard\/webhooks\/deliveries\/([^/"]+)\/resend/.exec(html)![1];
    const before = received.length;
    const resent = await s.post(`/dashboard/webhooks/deliveries/${deliveryId}/resend`, {});
    expect(resent.status).toBe(303);
    expect(resent.headers.get('location')).toBe('/dashboard/webhooks');
    await h.emulator.drain();
    expect(received.length).toBe(before + 1);
    expect(received[received.length - 1]).toBe(event.id);
    const after = text(await s.html(resent.headers.get('location')!));
    expect(after).toContain(`Event ${event.id} queued again for ${endpoint.id}.`);
    expect(text(await s.html('/dashboard/webhooks'))).not.toContain('queued again'); // shown once
    expect(after).toContain('· resend');

    const unknown = await s.post('/dashboard/webhooks/deliveries/whdel_nope/resend', {});
    expect(unknown.status).toBe(400);
    expect(text(await unknown.text())).toContain('No such webhook delivery: whdel_nope.');
  });
});
