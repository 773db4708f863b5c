/**
 * Currencies: every `currency` parameter accepts only the codes Stripe supports (any case, stored lower case) and
 * refuses others the way Stripe does: 400 invalid_request_error naming the parameter, "Invalid currency: xyz. Stripe
 * currently supports these currencies: usd, aed, afn, …". The facts live in src/currencies.ts.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORTED_CURRENCIES, checkCurrency, currencyDecimals, isSupportedCurrency, isZeroDecimal, minimumAmount } from '../../src/currencies.js';
import { StripeError } from '../../src/errors.js';
import { currency, readShape, required } from '../../src/http/params.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
let stripe: Stripe;
beforeAll(async () => {
  h = await createHarness();
  stripe = h.stripe();
});
afterAll(() => h.close());

/** The error a rejected SDK call gives (fails the test if the call succeeds). */
async function refusal(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const outcome = await call.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.value).slice(0, 200)}`);
  expect(outcome.error).toBeInstanceOf(Stripe.errors.StripeError);
  return outcome.error as Stripe.errors.StripeError;
}

function expectInvalidCurrency(err: Stripe.errors.StripeError, param: string, shown = 'xyz'): void {
  expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect(err.statusCode).toBe(400);
  expect(err.raw).toMatchObject({ type: 'invalid_request_error', param });
  expect(err.code).toBeUndefined(); // Stripe's answer has no error code
  expect(err.message.startsWith(`Invalid currency: ${shown}. Stripe currently supports these currencies: usd, aed, afn, `)).toBe(true);
  expect(err.message).toContain(' eur, ');
}

describe('the currency facts (src/currencies.ts)', () => {
  it('lists three-letter lower-case codes, once each, usd first', () => {
    expect(SUPPORTED_CURRENCIES[0]).toBe('usd');
    expect(new Set(SUPPORTED_CURRENCIES).size).toBe(SUPPORTED_CURRENCIES.length);
    for (const code of SUPPORTED_CURRENCIES) expect(code).toMatch(/^[a-z]{3}$/);
    expect(SUPPORTED_CURRENCIES.length).toBeGreaterThanOrEqual(135);
  });

  it('knows the presentment currencies Stripe accepts, and no made-up ones', () => {
    const known = `usd eur gbp jpy aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn
      bzd cad cdf chf clp cny cop crc cve czk djf dkk dop dzd egp etb fjd fkp gel ghs gip gmd gnf gtq gyd hkd hnl htg huf idr
      ils inr isk jmd jod kes kgs khr kmf krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr
      mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp sle sll sos srd
      std stn szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xcg xof xpf yer zar zmw mro mru ves vef
      hrk`.split(/\s+/);
    expect(known.filter((c) => !isSupportedCurrency(c))).toEqual([]);
    for (const code of ['xyz', 'abc', 'usdc', 'eu', 'euro', 'USD', '']) expect(isSupportedCurrency(code)).toBe(false);
  });

  it('knows decimals and minimum amounts', () => {
    for (const code of ['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']) {
      expect(isSupportedCurrency(code)).toBe(true);
      expect(isZeroDecimal(code)).toBe(true);
      expect(currencyDecimals(code)).toBe(0);
    }
    expect(isZeroDecimal('JPY')).toBe(true);
    expect(isZeroDecimal('usd')).toBe(false);
    for (const code of ['bhd', 'jod', 'kwd', 'omr', 'tnd']) expect(currencyDecimals(code)).toBe(3);
    expect(currencyDecimals('eur')).toBe(2);
    expect(currencyDecimals(null)).toBe(2);
    expect(minimumAmount('usd')).toBe(50);
    expect(minimumAmount('gbp')).toBe(30);
    expect(minimumAmount('jpy')).toBe(50);
    expect(minimumAmount('xof')).toBe(1);
  });

  it('checkCurrency lower-cases a known code and refuses an unknown one naming the param', () => {
    expect(checkCurrency('EUR', 'currency')).toBe('eur');
    const err = (() => {
      try {
        checkCurrency('XYZ', 'price_data[currency]');
      } catch (e) {
        return e;
      }
      throw new Error('expected a refusal');
    })();
    expect(err).toBeInstanceOf(StripeError);
    expect((err as StripeError).status).toBe(400);
    expect((err as StripeError).toJSON().error).toMatchObject({ type: 'invalid_request_error', param: 'price_data[currency]' });
    expect((err as StripeError).message).toMatch(/^Invalid currency: xyz\. Stripe currently supports these currencies: usd, aed, /);
  });
});

describe('the currency() parameter', () => {
  const shape = { currency: required(currency()) };
  const fails = (input: Record<string, unknown>) => {
    try {
      readShape(input as never, shape);
    } catch (e) {
      return (e as StripeError).toJSON().error;
    }
    throw new Error('expected a refusal');
  };

  it('accepts any case and returns lower case', () => {
    expect(readShape({ currency: 'Jpy' }, shape)).toEqual({ currency: 'jpy' });
    expect(readShape({ currency: 'usd' }, shape)).toEqual({ currency: 'usd' });
  });

  it('refuses unknown codes, empty strings and hashes, naming the param', () => {
    expect(fails({ currency: 'xyz' })).toMatchObject({ type: 'invalid_request_error', param: 'currency' });
    expect(fails({ currency: 'dollars' })).toMatchObject({ param: 'currency', message: expect.stringMatching(/^Invalid currency: dollars\. /) });
    expect(fails({ currency: '' })).toMatchObject({ code: 'parameter_invalid_empty', param: 'currency' });
    expect(fails({ currency: { a: 'usd' } })).toMatchObject({ code: 'parameter_invalid', param: 'currency' });
  });

  it('is described to OpenAPI as a string of format currency', () => {
    expect(currency().openapi).toEqual({ type: 'string', format: 'currency' });
  });
});

describe('currency parameters over the API', () => {
  it('a customer balance transaction: an unknown currency is refused and nothing is recorded', async () => {
    const customer = await stripe.customers.create({ name: 'Cur' });
    expectInvalidCurrency(await refusal(stripe.customers.createBalanceTransaction(customer.id, { amount: 5, currency: 'xyz' })), 'currency');
    expectInvalidCurrency(await refusal(stripe.customers.createBalanceTransaction(customer.id, { amount: 5, currency: 'XYZ' })), 'currency');
    const after = await stripe.customers.retrieve(customer.id, { expand: ['invoice_credit_balance'] }) as Stripe.Customer;
    expect(after.invoice_credit_balance).toEqual({});
    expect(after.currency).toBeNull();
    expect((await stripe.customers.listBalanceTransactions(customer.id)).data).toEqual([]);
  });

  it('a customer balance transaction in EUR is stored in eur', async () => {
    const customer = await stripe.customers.create({ name: 'Eur' });
    const txn = await stripe.customers.createBalanceTransaction(customer.id, { amount: -500, currency: 'EUR' });
    expect(txn).toMatchObject({ amount: -500, currency: 'eur', ending_balance: -500 });
    const after = await stripe.customers.retrieve(customer.id, { expand: ['invoice_credit_balance'] }) as Stripe.Customer;
    expect(after).toMatchObject({ currency: 'eur', balance: -500, invoice_credit_balance: { eur: 500 } });
  });

  it('invoice items: currency and price_data[currency]', async () => {
    const customer = await stripe.customers.create({ name: 'Items' });
    const product = await stripe.products.create({ name: 'Widget' });
    expectInvalidCurrency(await refusal(stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'xyz' })), 'currency');
    expectInvalidCurrency(
      await refusal(stripe.invoiceItems.create({ customer: customer.id, price_data: { currency: 'xyz', product: product.id, unit_amount: 100 } })),
      'price_data[currency]',
    );
    expect((await stripe.invoiceItems.list({ customer: customer.id })).data).toEqual([]);
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'EUR' });
    expect(item.currency).toBe('eur');
    const inline = await stripe.invoiceItems.create({ customer: customer.id, price_data: { currency: 'Eur', product: product.id, unit_amount: 250 } });
    expect(inline.currency).toBe('eur');
  });

  it('invoices: create, create_preview (and its items) and add_lines', async () => {
    const customer = await stripe.customers.create({ name: 'Invoices' });
    const product = await stripe.products.create({ name: 'Service' });
    expectInvalidCurrency(await refusal(stripe.invoices.create({ customer: customer.id, currency: 'xyz' })), 'currency');
    expectInvalidCurrency(await refusal(stripe.invoices.createPreview({ customer: customer.id, currency: 'xyz' })), 'currency');
    expectInvalidCurrency(
      await refusal(stripe.invoices.createPreview({ customer: customer.id, invoice_items: [{ amount: 100, currency: 'xyz' }] })),
      'invoice_items[0][currency]',
    );
    expect((await stripe.invoices.list({ customer: customer.id })).data).toEqual([]);

    const invoice = await stripe.invoices.create({ customer: customer.id, currency: 'EUR' });
    expect(invoice.currency).toBe('eur');
    expectInvalidCurrency(
      await refusal(stripe.invoices.addLines(invoice.id, { lines: [{ price_data: { currency: 'xyz', product: product.id, unit_amount: 100 } }] })),
      'lines[0][price_data][currency]',
    );
    const added = await stripe.invoices.addLines(invoice.id, { lines: [{ price_data: { currency: 'EUR', product: product.id, unit_amount: 100 } }] });
    expect(added.lines.data.map((l) => l.currency)).toEqual(['eur']);
  });

  it('payment intents: create and update', async () => {
    expectInvalidCurrency(await refusal(stripe.paymentIntents.create({ amount: 1000, currency: 'xyz' })), 'currency');
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'EUR' });
    expect(pi.currency).toBe('eur');
    expectInvalidCurrency(await refusal(stripe.paymentIntents.update(pi.id, { currency: 'xyz' })), 'currency');
    expect((await stripe.paymentIntents.retrieve(pi.id)).currency).toBe('eur');
    expect((await stripe.paymentIntents.update(pi.id, { currency: 'GBP' })).currency).toBe('gbp');
  });

  it('prices and products: currency, default_price_data[currency] and the list filter', async () => {
    const product = await stripe.products.create({ name: 'Priced' });
    expectInvalidCurrency(await refusal(stripe.prices.create({ product: product.id, currency: 'xyz', unit_amount: 100 })), 'currency');
    expectInvalidCurrency(
      await refusal(stripe.products.create({ name: 'Bad', default_price_data: { currency: 'xyz', unit_amount: 100 } })),
      'default_price_data[currency]',
    );
    expectInvalidCurrency(await refusal(stripe.prices.list({ currency: 'xyz' })), 'currency');
    const price = await stripe.prices.create({ product: product.id, currency: 'EUR', unit_amount: 100 });
    expect(price.currency).toBe('eur');
    expect((await stripe.prices.list({ currency: 'EUR', product: product.id })).data.map((p) => p.id)).toEqual([price.id]);
  });

  it('the fund_cash_balance test helper', async () => {
    const customer = await stripe.customers.create({ name: 'Cash' });
    expectInvalidCurrency(
      await refusal(stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 100, currency: 'xyz' })),
      'currency',
    );
  });
});
