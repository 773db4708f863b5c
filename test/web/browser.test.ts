/**
 * The web UI in a real browser (Chromium through playwright-core), against an
 * emulator on an ephemeral loopback port. Screenshots go to
 * test-output/screenshots/. Skipped, with the reason, where Chromium is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { stripeOverHttp } from '../support/harness.js';
import { newKey } from '../support/harness.js';
import { chromiumMissing, launchChromium, screenshot, serveEmulator, type Served } from './browser-support.js';
import { putInvoice, putSentEvent } from './support.js';

const missing = chromiumMissing();
if (missing) console.log(`[browser tests skipped] ${missing}`);

describe.skipIf(missing !== null)('web UI in Chromium', () => {
  let served: Served;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let key: string;
  let stripe: Stripe;

  beforeAll(async () => {
    served = await serveEmulator();
    browser = await launchChromium();
    key = newKey();
    stripe = stripeOverHttp(Number(new URL(served.baseUrl).port), key);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  const url = (path: string) => `${served.baseUrl}${path}`;

  it('chooses an account and lists invoices with their badges', async () => {
    const customer = await stripe.customers.create({ name: 'Ada Lovelace', email: 'ada@example.com' });
    putInvoice(served, key, { customer: customer.id, total: 120000, amount_paid: 30000, customer_name: 'Ada Lovelace' });
    putInvoice(served, key, { customer: customer.id, total: 45000, due_date: served.emulator.clock.now() - 86400, customer_name: 'Ada Lovelace' });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await page.goto(url('/dashboard'));
    expect(page.url()).toBe(url('/dashboard/account'));
    await page.fill('#key', key);
    await page.click('text=Open dashboard');
    await page.waitForURL(url('/dashboard/invoices'));
    await expect.poll(() => page.locator('#invoices tbody tr').count()).toBe(2);
    expect(await page.locator('.badge.partially_paid').count()).toBe(1);
    expect(await page.locator('.badge.overdue').count()).toBe(1);
    await screenshot(page, '01-dashboard-invoices');
  });

  it('creates a payment request from the invoice page; canceling it makes the link say it is no longer valid', async () => {
    const customer = await stripe.customers.create({ name: 'Grace Hopper' });
    const inv = putInvoice(served, key, { customer: customer.id, total: 80000, customer_name: 'Grace Hopper' });
    putSentEvent(served, key, inv);
    await page.goto(url(`/dashboard/invoices/${inv.id}`));
    await page.fill('#request-amount', '150');
    await page.fill('#request-note', 'First instalment, as agreed');
    await page.click('text=Request payment');
    await page.waitForSelector('#active-request');
    expect(await page.textContent('.notice.ok')).toContain('Payment request created');
    const link = (await page.getAttribute('#request-link a', 'href'))!;
    expect(link.startsWith(`${served.baseUrl}/pay/`)).toBe(true);
    await screenshot(page, '02-dashboard-payment-request');

    const customerPage = await context.newPage();
    await customerPage.goto(link);
    expect(await customerPage.textContent('#requested-amount')).toBe('$150.00');
    expect(await customerPage.textContent('#total-due')).toBe('$800.00');
    expect(await customerPage.textContent('#remaining-after')).toBe('$650.00');
    expect(await customerPage.textContent('#request-note')).toContain('First instalment, as agreed');
    await screenshot(customerPage, '03-pay-link');

    await page.click('text=Cancel request');
    await page.waitForSelector('#request-form');
    expect(await page.textContent('#payment-request-history')).toContain('Canceled');

    const response = await customerPage.reload();
    expect(response?.status()).toBe(410);
    expect(await customerPage.textContent('#link-invalid h1')).toBe('This payment link is no longer valid');
    expect(await customerPage.locator('#pay-button').count()).toBe(0);
    await screenshot(customerPage, '04-pay-link-canceled');
    await customerPage.close();
  });
});
