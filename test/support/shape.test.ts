import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  API_VERSIONS,
  type ApiVersion,
  checkShape,
  expectShape,
  loadExtract,
  objectForTypeName,
  stripeOpenapiDir,
  typeNameForObject,
} from './shape.js';
import { FIELD_VERSIONS, knownFields } from '../../src/versions/fields.js';

type Json = Record<string, any>;

function fixtures(tag: string): Record<string, Json> {
  const file = join(stripeOpenapiDir(), `fixtures3.${tag}.json`);
  return JSON.parse(readFileSync(file, 'utf8')).resources;
}

const dahlia = fixtures('2026-07-29.dahlia');
const ENDIVE: ApiVersion = '2026-10-28.endive';
const clone = <T>(v: T): T => structuredClone(v);

/** A dahlia invoice fixture that conforms to endive (the fixture carries a stale `subscription`). */
function goodInvoice(): Json {
  const inv = clone(dahlia.invoice);
  delete inv.subscription;
  return inv;
}

describe('typeNameForObject', () => {
  it('maps Stripe object values to SDK type names', () => {
    expect(typeNameForObject('customer')).toBe('Customer');
    expect(typeNameForObject('invoice')).toBe('Invoice');
    expect(typeNameForObject('invoice_payment')).toBe('InvoicePayment');
    expect(typeNameForObject('line_item')).toBe('InvoiceLineItem');
    expect(typeNameForObject('invoiceitem')).toBe('InvoiceItem');
    expect(typeNameForObject('credit_note')).toBe('CreditNote');
    expect(typeNameForObject('credit_note_line_item')).toBe('CreditNoteLineItem');
    expect(typeNameForObject('customer_balance_transaction')).toBe('CustomerBalanceTransaction');
    expect(typeNameForObject('payment_intent')).toBe('PaymentIntent');
    expect(typeNameForObject('payment_method')).toBe('PaymentMethod');
    expect(typeNameForObject('charge')).toBe('Charge');
    expect(typeNameForObject('refund')).toBe('Refund');
    expect(typeNameForObject('webhook_endpoint')).toBe('WebhookEndpoint');
    expect(typeNameForObject('event')).toBe('Event');
    expect(typeNameForObject('product')).toBe('Product');
    expect(typeNameForObject('price')).toBe('Price');
    expect(typeNameForObject('test_helpers.test_clock')).toBe('TestHelpers.TestClock');
    expect(typeNameForObject('cash_balance')).toBe('CashBalance');
    expect(typeNameForObject('list')).toBeUndefined();
    expect(typeNameForObject('toString')).toBeUndefined();
    expect(objectForTypeName('InvoiceLineItem')).toBe('line_item');
  });

  it.each(API_VERSIONS)('agrees with the `object` enum of every type in the %s extract', (version) => {
    for (const [typeName, fields] of Object.entries(loadExtract(version).objects)) {
      const objectValues = fields.object?.enum ?? [];
      expect(objectValues, typeName).toHaveLength(1);
      expect(typeNameForObject(objectValues[0]), typeName).toBe(typeName);
    }
  });
});

describe('checkShape on Stripe fixtures (fixtures3 dahlia vs endive extract)', () => {
  // Differences between Stripe's dahlia example objects and the newer endive SDK types.
  const expectedDiffs: Record<string, string[]> = {
    invoice: ['subscription: unknown field (value null)'],
    charge: ['payment_method_details.card.electronic_commerce_indicator: missing required field (string | null)'],
    payment_intent: [
      'allowed_payment_method_types: missing required field (Array<PaymentIntent.AllowedPaymentMethodType> | null)',
      'payment_record: missing required field (string | PaymentRecord | null)',
    ],
    product: ['tax_details: missing required field (Product.TaxDetails | null)'],
  };
  const mapped = Object.entries(dahlia).filter(([, obj]) => typeNameForObject(obj.object));

  it('covers all the types the emulator serves, including deleted forms', () => {
    expect(mapped.map(([key]) => key).sort()).toEqual(
      [
        'cash_balance',
        'charge',
        'credit_note',
        'credit_note_line_item',
        'customer',
        'customer_balance_transaction',
        'customer_cash_balance_transaction',
        'deleted_customer',
        'deleted_invoice',
        'deleted_invoiceitem',
        'deleted_price',
        'deleted_product',
        'deleted_test_helpers.test_clock',
        'deleted_webhook_endpoint',
        'event',
        'invoice',
        'invoice_payment',
        'invoiceitem',
        'line_item',
        'payment_intent',
        'payment_method',
        'price',
        'product',
        'refund',
        'test_helpers.test_clock',
        'webhook_endpoint',
      ].sort(),
    );
  });

  it.each(mapped.map(([key]) => key))('%s', (key) => {
    const obj = dahlia[key];
    const typeName = typeNameForObject(obj.object)!;
    expect(checkShape(obj, typeName, ENDIVE)).toEqual(expectedDiffs[key] ?? []);
  });

  it('core invoicing objects conform exactly', () => {
    expectShape(dahlia.customer, 'Customer', ENDIVE);
    expectShape(dahlia.invoice_payment, 'InvoicePayment', ENDIVE);
    expectShape(dahlia.credit_note, 'CreditNote', ENDIVE);
    expectShape(dahlia['test_helpers.test_clock'], 'TestHelpers.TestClock', ENDIVE);
    expectShape(goodInvoice(), 'Invoice', ENDIVE);
  });
});

describe('checkShape on older fixtures against their own version', () => {
  it('2025-05-28.basil fixtures conform except the stale invoice.subscription', () => {
    const res = fixtures('2025-05-28.basil');
    for (const [key, obj] of Object.entries(res)) {
      const typeName = typeNameForObject(obj.object);
      if (!typeName) continue;
      const expected = key === 'invoice' ? ['subscription: unknown field (value null)'] : [];
      expect(checkShape(obj, typeName, '2025-05-28.basil'), key).toEqual(expected);
    }
  });

  it('2025-03-31.basil fixtures conform except invoice.subscription and invoice_payment.is_default', () => {
    const res = fixtures('2025-03-31.basil');
    const expected: Record<string, string[]> = {
      invoice: ['subscription: unknown field (value null)'],
      invoice_payment: ['is_default: null but not nullable (boolean)'],
    };
    for (const [key, obj] of Object.entries(res)) {
      const typeName = typeNameForObject(obj.object);
      if (!typeName) continue;
      expect(checkShape(obj, typeName, '2025-03-31.basil'), key).toEqual(expected[key] ?? []);
    }
  });

  it('flags fields newer than the checked version', () => {
    const problems = checkShape(goodInvoice(), 'Invoice', '2025-03-31.basil');
    expect(problems).toContain('customer_account: unknown field (value null)');
    expect(problems).toContain('automatic_tax.provider: unknown field (value null)');
    // recursion into the lines list
    expect(problems).toContain('lines.data[0].subtotal: unknown field (value number 2060319484)');
    const cn = checkShape(dahlia.credit_note, 'CreditNote', '2025-05-28.basil');
    expect(cn).toContain('refunds[0].payment_record_refund: unknown field (value object)');
    expect(cn).toContain('lines.data[0].metadata: unknown field (value null)');
  });
});

describe('checkShape on hand-made bad objects', () => {
  it('missing required field', () => {
    const inv = goodInvoice();
    delete inv.currency;
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual(['currency: missing required field (string)']);
  });

  it('optional fields may be missing unless allowOptionalMissing is false', () => {
    const cus = clone(dahlia.customer);
    expect(checkShape(cus, 'Customer', ENDIVE)).toEqual([]);
    const strict = checkShape(cus, 'Customer', ENDIVE, { allowOptionalMissing: false });
    expect(strict).toContain('invoice_credit_balance: missing optional field ({[key : string] : number ; })');
    expect(strict).toContain('tax_ids: missing optional field (ApiList<TaxId>)');
    expect(strict).toContain('shipping.name: missing optional field (string)');
    expect(strict.some((p) => p.startsWith('deleted:'))).toBe(false);
  });

  it('unknown field, top level and nested', () => {
    const inv = goodInvoice();
    inv.foo = 1;
    inv.status_transitions.bar = 'x';
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual([
      'status_transitions.bar: unknown field (value string "x")',
      'foo: unknown field (value number 1)',
    ]);
  });

  it('wrong primitive types', () => {
    const inv = goodInvoice();
    inv.amount_due = '1000';
    inv.attempted = 'no';
    inv.status_transitions.paid_at = 'yesterday';
    inv.default_tax_rates = {};
    inv.automatic_tax = 'on';
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual([
      'amount_due: expected number, got string "1000"',
      'attempted: expected boolean, got string "no"',
      'automatic_tax: expected Invoice.AutomaticTax, got string "on"',
      'default_tax_rates: expected Array<TaxRate>, got object',
      'status_transitions.paid_at: expected number | null, got string "yesterday"',
    ]);
  });

  it('bad enum values, top level, nested and in array elements', () => {
    const inv = goodInvoice();
    inv.status = 'bogus';
    inv.automatic_tax.liability.type = 'nobody';
    inv.total_taxes = [
      {
        amount: 1,
        tax_behavior: 'weird',
        tax_rate_details: { tax_rate: 'txr_1' },
        taxability_reason: 'standard_rated',
        taxable_amount: 10,
        type: 'tax_rate_details',
      },
    ];
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual([
      'automatic_tax.liability.type: "nobody" is not one of [account, self]',
      'status: "bogus" is not one of [draft, open, paid, uncollectible, void]',
      'total_taxes[0].tax_behavior: "weird" is not one of [exclusive, inclusive]',
    ]);
    const bad = clone(dahlia.invoice_payment);
    bad.object = 'invoice';
    expect(checkShape(bad, 'InvoicePayment', ENDIVE)).toEqual([
      'object: "invoice" is not one of [invoice_payment]',
    ]);
  });

  it('null where not nullable', () => {
    const inv = goodInvoice();
    inv.collection_method = null;
    inv.status_transitions = null;
    inv.automatic_tax.enabled = null;
    inv.description = null; // nullable: fine
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual([
      'automatic_tax.enabled: null but not nullable (boolean)',
      'collection_method: null but not nullable (Invoice.CollectionMethod)',
      'status_transitions: null but not nullable (Invoice.StatusTransitions)',
    ]);
  });

  it('metadata values must be strings; maps check their values', () => {
    const cus = clone(dahlia.customer);
    cus.metadata = { ok: 'yes', n: 1 };
    cus.invoice_credit_balance = { usd: 100, eur: '5' };
    expect(checkShape(cus, 'Customer', ENDIVE)).toEqual([
      'invoice_credit_balance.eur: expected number, got string "5"',
      'metadata.n: metadata values must be strings, got number 1',
    ]);
  });

  it('expandable fields accept an id or an object (expanded objects are checked)', () => {
    const inv = goodInvoice();
    inv.customer = 'cus_123';
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual([]);
    inv.customer = clone(dahlia.customer);
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual([]);
    inv.customer = { deleted: true, id: 'cus_123', object: 'customer' };
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual([]);
    inv.customer = clone(dahlia.customer);
    inv.customer.balance = 'lots';
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual(['customer.balance: expected number, got string "lots"']);
    expect(checkShape(inv, 'Invoice', ENDIVE, { recurse: false })).toEqual([]);
    inv.customer = 42;
    inv.discounts = ['di_1', 5];
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual([
      'customer: expected string | Customer | DeletedCustomer | null, got number 42',
      'discounts[1]: expected string | Discount | DeletedDiscount, got number 5',
    ]);
  });

  it('lists: envelope and items are checked', () => {
    const inv = goodInvoice();
    inv.lines.total_count = 1;
    inv.lines.has_more = 'no';
    inv.lines.data[0].amount = 'x';
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual([
      'lines.has_more: expected boolean, got string "no"',
      'lines.total_count: unknown field on list (value number 1)',
      'lines.data[0].amount: expected number, got string "x"',
    ]);
    inv.lines = [];
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual(['lines: expected ApiList<InvoiceLineItem>, got array']);
  });

  it('includable invoice.payments list of InvoicePayment', () => {
    const inv = goodInvoice();
    inv.payments = {
      object: 'list',
      data: [clone(dahlia.invoice_payment)],
      has_more: false,
      url: '/v1/invoice_payments',
    };
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual([]);
    inv.payments.data[0].payment.type = 'cash';
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual([
      'payments.data[0].payment.type: "cash" is not one of [charge, payment_intent, payment_record]',
    ]);
  });

  it('deleted objects', () => {
    expect(checkShape({ id: 'in_1', object: 'invoice', deleted: true }, 'Invoice', ENDIVE)).toEqual([]);
    expect(checkShape({ id: 'in_1', object: 'invoice', deleted: true, total: 1 }, 'Invoice', ENDIVE)).toEqual([
      'total: unknown field on deleted Invoice',
    ]);
    expect(checkShape({ id: 'inpay_1', object: 'invoice_payment', deleted: true }, 'InvoicePayment', ENDIVE)).toEqual(
      ['deleted: InvoicePayment has no deleted form'],
    );
    const inv = goodInvoice();
    inv.deleted = false;
    expect(checkShape(inv, 'Invoice', ENDIVE)).toEqual(['deleted: expected void, got boolean false']);
  });

  it('non-objects and unknown types', () => {
    expect(checkShape(null, 'Invoice', ENDIVE)).toEqual(['(root): expected Invoice object, got null']);
    expect(checkShape([], 'Invoice', ENDIVE)).toEqual(['(root): expected Invoice object, got array']);
    expect(checkShape({}, 'Nope', ENDIVE)).toEqual(['(root): unknown type Nope in extract 2026-10-28.endive']);
  });

  it('expectShape throws with the problem list', () => {
    const inv = goodInvoice();
    delete inv.total;
    expect(() => expectShape(inv, 'Invoice', ENDIVE)).toThrow(/total: missing required field/);
    expect(() => expectShape(goodInvoice(), 'Invoice', ENDIVE)).not.toThrow();
  });
});

describe('src/versions fields.generated.json', () => {
  it('is up to date with the generator', async () => {
    const genUrl = new URL('../../src/versions/generate-fields.mjs', import.meta.url).href;
    const gen = await import(/* @vite-ignore */ genUrl);
    const committed = readFileSync(new URL('../../src/versions/fields.generated.json', import.meta.url), 'utf8');
    expect(committed).toBe(gen.formatFields(gen.generate()));
  });

  it('lists every top-level extract field per version and object', () => {
    expect(FIELD_VERSIONS).toEqual([...API_VERSIONS]);
    for (const version of API_VERSIONS) {
      for (const [typeName, fields] of Object.entries(loadExtract(version).objects)) {
        const objectName = objectForTypeName(typeName)!;
        const set = knownFields(version, objectName);
        expect(set, `${version} ${objectName}`).toBeDefined();
        const topLevel = Object.keys(fields).filter((p) => !p.includes('.'));
        expect(Object.keys(set!).sort(), `${version} ${objectName}`).toEqual(topLevel.sort());
      }
    }
  });

  it('captures version differences, including sub-object children', () => {
    expect(knownFields('2025-03-31.basil', 'invoice')?.amount_paid_off_stripe).toBeUndefined();
    expect(knownFields(ENDIVE, 'invoice')?.amount_paid_off_stripe).toBe(true);
    expect(knownFields('2025-03-31.basil', 'invoice')?.automatic_tax).not.toHaveProperty('provider');
    expect(knownFields('2025-05-28.basil', 'invoice')?.automatic_tax).toHaveProperty('provider', true);
    expect(knownFields(ENDIVE, 'invoice')?.status_transitions).toEqual({
      finalized_at: true,
      marked_uncollectible_at: true,
      paid_at: true,
      voided_at: true,
    });
    // array of sub-objects: children apply per element
    expect(knownFields('2025-05-28.basil', 'credit_note')?.refunds).toEqual({ amount_refunded: true, refund: true });
    expect(knownFields(ENDIVE, 'credit_note')?.refunds).toHaveProperty('payment_record_refund', true);
    // expandable / list / map / resource-typed fields are plain `true`
    expect(knownFields(ENDIVE, 'invoice')?.customer).toBe(true);
    expect(knownFields(ENDIVE, 'invoice')?.lines).toBe(true);
    expect(knownFields(ENDIVE, 'price')?.currency_options).toBe(true);
    expect(knownFields(ENDIVE, 'customer')?.cash_balance).toBe(true);
    expect(knownFields(ENDIVE, 'customer')?.deleted).toBe(true);
    expect(knownFields(ENDIVE, 'test_helpers.test_clock')).toBeDefined();
    expect(knownFields(ENDIVE, 'nope')).toBeUndefined();
    expect(knownFields('1999-01-01' as ApiVersion, 'invoice')).toBeUndefined();
  });

  it('agrees with checkShape: an object stripped to knownFields passes for that version (down to depth 2)', () => {
    const inv = goodInvoice();
    const set = knownFields('2025-03-31.basil', 'invoice')!;
    for (const key of Object.keys(inv)) {
      const entry = set[key];
      if (!entry) delete inv[key];
      else if (entry !== true && inv[key] && typeof inv[key] === 'object' && !Array.isArray(inv[key])) {
        for (const child of Object.keys(inv[key])) if (!entry[child]) delete inv[key][child];
      }
    }
    // Field sets stop at depth 2, so differences one level deeper survive the stripping.
    expect(checkShape(inv, 'Invoice', '2025-03-31.basil', { recurse: false })).toEqual([
      'payment_settings.payment_method_options.payto: unknown field (value object)',
      'payment_settings.payment_method_options.pix: unknown field (value object)',
      'payment_settings.payment_method_options.upi: unknown field (value object)',
    ]);
  });
});

it('locates the reference data relative to the repository, not an absolute path', () => {
  expect(pathToFileURL(stripeOpenapiDir()).href).toBe(
    new URL('../../../shared/stripe-openapi', import.meta.url).href,
  );
});
