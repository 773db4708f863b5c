/**
 * The web UI in a real browser (Chromium through playwright-core), against an
 * emulator on an ephemeral loopback port: the charge dialog, a payment request
 * paid through its link, a canceled link, and the hosted invoice page paying
 * the rest. Screenshots go to test-output/screenshots/. Skipped, with the
 * reason, where Chromium is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { newKey, stripeOverHttp } from '../support/harness.js';
import { chromiumMissing, clearScreenshots, launchChromium, screenshot, serveEmulator, type Served } from './browser-support.js';
import { apiInvoice, putInvoice } from './support.js';

const missing = chromiumMissing();
if (missing) console.log(`[browser tests skipped] ${missing}`);

describe.skipIf(missing !== null)('web UI in Chromium', { timeout: 30_000 }, () => {
  let served: Served;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let key: string;
  let stripe: Stripe;
  let invoice: Stripe.Invoice; // the invoice the flows share: $1,200.00, customer with a saved Visa
  let bare: Stripe.Invoice; // a customer without a saved payment method

  beforeAll(async () => {
    clearScreenshots();
    served = await serveEmulator();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    key = newKey();
    stripe = stripeOverHttp(Number(new URL(served.baseUrl).port), key);
    invoice = (await apiInvoice(stripe, 120000, { paymentMethod: 'pm_card_visa', name: 'Ada Lovelace' })).invoice;
    bare = (await apiInvoice(stripe, 45000, { name: 'Charles Babbage' })).invoice;
    const overdueOf = (await stripe.customers.create({ name: 'Grace Hopper' })).id;
    putInvoice(served, key, { customer: overdueOf, total: 30000, customer_name: 'Grace Hopper', due_date: served.emulator.clock.now() - 3 * 86400 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  const url = (path: string) => `${served.baseUrl}${path}`;
  const remaining = () => page.textContent('[data-testid="amount-remaining"]');

  it('chooses an account and lists invoices with their badges and amount remaining', async () => {
    await page.goto(url('/dashboard'));
    expect(page.url()).toBe(url('/dashboard/account'));
    await screenshot(page, '00-dashboard-account');
    await page.fill('#key', key);
    await page.click('text=Open dashboard');
    await page.waitForURL(url('/dashboard/invoices'));
    expect(await page.locator('#invoices tbody tr').count()).toBe(3);
    expect(await page.textContent(`tr[data-invoice="${invoice.id}"]`)).toContain('$1,200.00');
    expect(await page.locator('.badge.overdue').count()).toBe(1);
    await screenshot(page, '01-dashboard-invoices');
  });

  it('Charge customer: refuses too much, then charges part of the balance', async () => {
    await page.click(`tr[data-invoice="${bare.id}"] a`);
    await page.click('#charge-open');
    const dialog = page.locator('#charge-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).toContain('This customer has no saved payment method');
    expect(await page.isDisabled('#charge-submit')).toBe(true);
    await screenshot(page, '02-charge-dialog-no-payment-method');

    await page.goto(url(`/dashboard/invoices/${invoice.id}`));
    await page.click('#charge-open');
    await dialog.waitFor({ state: 'visible' });
    expect(await page.inputValue('#charge-amount')).toBe('1200.00');
    expect(await page.textContent('#charge-pm')).toContain('Visa •••• 4242');
    await page.fill('#charge-amount', '1500');
    await page.click('#charge-submit');
    await dialog.waitFor({ state: 'visible' }); // reopened with the reason
    expect(await dialog.textContent()).toContain('The amount ($1,500.00) is more than the remaining balance of $1,200.00.');
    await screenshot(page, '03-charge-dialog-too-much');

    await page.fill('#charge-amount', '300.00');
    await page.click('#charge-submit');
    await page.waitForSelector('.notice.ok');
    expect(await page.textContent('.notice.ok')).toContain('Charged $300.00 to Visa •••• 4242');
    expect(await remaining()).toBe('$900.00');
    expect(await page.textContent('h1')).toContain('Partially paid');
    expect(await page.textContent('#invoice-payments')).toContain('$300.00');
    await screenshot(page, '04-charged-partially-paid');
    expect((await stripe.invoices.retrieve(invoice.id)).amount_paid).toBe(30000);
  });

  it('a payment request is paid through its link', async () => {
    await stripe.invoices.sendInvoice(invoice.id);
    await page.goto(url(`/dashboard/invoices/${invoice.id}`));
    await page.fill('#request-amount', '150');
    await page.fill('#request-note', 'First instalment, as agreed');
    await page.click('text=Request payment');
    await page.waitForSelector('#active-request');
    const link = (await page.getAttribute('#request-link a', 'href'))!;
    expect(link.startsWith(`${served.baseUrl}/pay/`)).toBe(true);
    await screenshot(page, '05-payment-request-created');

    const customer = await context.newPage();
    await customer.goto(link);
    expect(await customer.textContent('#requested-amount')).toBe('$150.00');
    expect(await customer.textContent('#total-due')).toBe('$900.00');
    expect(await customer.textContent('#remaining-after')).toBe('$750.00');
    await screenshot(customer, '06-pay-link');
    await customer.selectOption('#card', 'pm_card_visa');
    await customer.click('#pay-button');
    await customer.waitForSelector('.notice.ok');
    expect(await customer.textContent('body')).toContain('Paid $150.00. Thank you! $750.00 remains on the invoice.');
    expect(await customer.locator('#pay-button').count()).toBe(0);
    await screenshot(customer, '07-pay-link-paid');
    await customer.close();

    await page.reload();
    expect(await remaining()).toBe('$750.00');
    expect(await page.textContent('#payment-request-history')).toContain('Paid');
    expect(await page.locator('#request-form').count()).toBe(1);
  });

  it('a canceled link says it is no longer valid', async () => {
    await page.fill('#request-amount', '100');
    await page.click('text=Request payment');
    await page.waitForSelector('#active-request');
    const link = (await page.getAttribute('#request-link a', 'href'))!;
    const customer = await context.newPage();
    await customer.goto(link);
    expect(await customer.textContent('#requested-amount')).toBe('$100.00');

    await page.click('text=Cancel request');
    await page.waitForSelector('#request-form');
    expect(await page.textContent('.notice.ok')).toContain('its link no longer works');

    const response = await customer.reload();
    expect(response?.status()).toBe(410);
    expect(await customer.textContent('#link-invalid h1')).toBe('This payment link is no longer valid');
    expect(await customer.locator('#pay-button').count()).toBe(0);
    await screenshot(customer, '08-pay-link-canceled');
    await customer.close();
  });

  it('the hosted invoice page pays the rest (and cancels the active request)', async () => {
    await page.fill('#request-amount', '50');
    await page.click('text=Request payment');
    await page.waitForSelector('#active-request');
    const link = (await page.getAttribute('#request-link a', 'href'))!;
    const hostedUrl = (await stripe.invoices.retrieve(invoice.id)).hosted_invoice_url!;
    expect(hostedUrl.startsWith(`${served.baseUrl}/invoices/`)).toBe(true);

    const customer = await context.newPage();
    await customer.goto(hostedUrl);
    expect(await customer.textContent('#invoice-status')).toContain('Partially paid');
    expect(await customer.textContent('#amount-remaining')).toBe('$750.00');
    expect(await customer.textContent('#payments')).toContain('$300.00');
    expect(await customer.locator('input[name="amount"]').count()).toBe(0);
    await screenshot(customer, '09-hosted-invoice-partially-paid');

    await customer.selectOption('#card', 'pm_card_chargeDeclined');
    await customer.click('#pay-button');
    await customer.waitForSelector('.notice.error');
    expect(await customer.textContent('.notice.error')).toContain('Your card was declined.');
    await screenshot(customer, '10-hosted-invoice-declined');

    await customer.selectOption('#card', 'pm_card_visa');
    await customer.click('#pay-button');
    await customer.waitForSelector('text=This invoice has been paid. Thank you!');
    expect(await customer.textContent('#invoice-status')).toContain('Paid');
    await screenshot(customer, '11-hosted-invoice-paid');
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', amount_paid: 120000, amount_remaining: 0 });

    const gone = await customer.goto(link);
    expect(gone?.status()).toBe(410);
    await customer.close();

    await page.reload();
    expect(await page.textContent('h1')).toContain('Paid');
    expect(await page.textContent('#payment-request-history')).toContain('invoice paid');
    await screenshot(page, '12-dashboard-invoice-paid');
    await page.goto(url('/dashboard/events'));
    await screenshot(page, '13-dashboard-events');
  });
});
