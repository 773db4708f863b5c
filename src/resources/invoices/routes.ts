/** Routes for invoices: CRUD, list, search, lines, preview. Lifecycle actions are in routes-actions.ts. */
import { invalidRequest, parameterMissing, resourceMissing } from '../../errors.js';
import {
  anything, arr, bool, currency, decimal, emptyable, int, listShape, metadata, obj, oneOf, range, required, str,
} from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { inRange } from '../../store/range.js';
import type { ApiContext } from '../../context.js';
import { loadById, registerResource } from '../../registry.js';
import { listObjects, listOf } from '../../store/list.js';
import { searchObjects } from '../../store/search.js';
import { supports } from '../../versions/known.js';
import { invoicePaymentsList } from '../invoice-payments/routes.js';
import { refuseUnsupported, unsupportedShape } from '../invoice-items/routes.js';
import { priceDataShape } from '../prices/service.js';
import { confirmationSecret } from './default-payment.js';
import { invoiceFacts } from './facts.js';
import './item-sync.js';
import { linesOf } from './lines.js';
import { createPreview } from './preview.js';
import { createInvoice, currentInvoice, deleteInvoice, findInvoice, updateInvoice } from './service.js';
import { INVOICES, LINE_ITEMS, type Invoice } from './types.js';
import './version-steps.js';

registerResource({
  object: 'invoice',
  prefix: 'in',
  includable: {
    payments: (ctx, inv) => (supports(ctx.version, 'invoicePayments') && !inv.deleted ? invoicePaymentsList(ctx, inv.id) : undefined),
    confirmation_secret: (ctx, inv) => (supports(ctx.version, 'invoicePayments') && !inv.deleted ? confirmationSecret(ctx, inv as Invoice) : undefined),
    // before 2025-03-31.basil these were plain fields of the invoice: expandable there
    payment_intent: (ctx, inv) => (supports(ctx.version, 'invoicePayments') ? undefined : byId(ctx, invoiceFacts(ctx, inv.id).payment_intent)),
    charge: (ctx, inv) => (supports(ctx.version, 'invoicePayments') ? undefined : inv.attempted === true ? byId(ctx, invoiceFacts(ctx, inv.id).charge) : null),
  },
});
/** An includable that stands for an id field: the object, or null. */
function byId(ctx: ApiContext, id: string | null): unknown {
  return id === null ? null : loadById(ctx, id) ?? null;
}

registerResource({ object: 'line_item', prefix: 'il', collection: LINE_ITEMS });

const address = obj({
  city: emptyable(str()), country: emptyable(str()), line1: emptyable(str()), line2: emptyable(str()), postal_code: emptyable(str()), state: emptyable(str()),
});

const customFields = emptyable(arr(obj({ name: required(str({ max: 40 })), value: required(str({ max: 140 })) }), { max: 4 }));

/** What create and update share. */
const fieldsShape = {
  account_tax_ids: emptyable(arr(str())),
  application_fee_amount: int(),
  auto_advance: bool(),
  automatic_tax: obj({ enabled: required(bool()), liability: anything() }),
  automatically_finalizes_at: int({ min: 0 }),
  collection_method: oneOf(['charge_automatically', 'send_invoice'] as const),
  custom_fields: customFields,
  days_until_due: int({ min: 0, max: 1825 }),
  default_payment_method: str(),
  default_source: emptyable(str()),
  default_tax_rates: emptyable(arr(str())),
  description: str({ max: 1500 }),
  discounts: emptyable(arr(anything())),
  due_date: int({ min: 0 }),
  effective_at: emptyable(int({ min: 0 })),
  footer: str({ max: 5000 }),
  issuer: obj({ account: str(), type: required(oneOf(['account', 'self'] as const)) }),
  metadata: metadata(),
  number: emptyable(str({ max: 26 })),
  on_behalf_of: emptyable(str()),
  payment_settings: obj({ default_mandate: emptyable(str()), payment_method_options: anything(), payment_method_types: emptyable(arr(str())) }),
  rendering: obj({
    amount_tax_display: emptyable(oneOf(['exclude_tax', 'include_inclusive_tax'] as const)),
    pdf: emptyable(obj({ page_size: oneOf(['a4', 'auto', 'letter'] as const) })),
    template: str(),
    template_version: emptyable(int()),
  }),
  shipping_cost: emptyable(anything()),
  shipping_details: emptyable(obj({ address: required(address), name: required(str()), phone: emptyable(str()) })),
  statement_descriptor: str({ max: 22 }),
  transfer_data: emptyable(anything()),
};

const createShape = {
  ...fieldsShape,
  currency: currency(),
  customer: str(),
  customer_account: str(),
  from_invoice: anything(),
  pending_invoice_items_behavior: oneOf(['exclude', 'include'] as const),
  subscription: str(),
};

const previewItem = obj({
  ...unsupportedShape,
  amount: int(),
  currency: currency(),
  description: str({ max: 500 }),
  discountable: bool(),
  invoiceitem: str(),
  metadata: metadata(),
  period: obj({ end: required(int({ min: 0 })), start: required(int({ min: 0 })) }),
  price: str(),
  price_data: obj({ ...priceDataShape, product: required(str()) }),
  pricing: obj({ price: str() }),
  quantity: int({ min: 0 }),
  quantity_decimal: decimal(),
  unit_amount: int(),
  unit_amount_decimal: decimal(),
});

const previewShape = {
  automatic_tax: obj({ enabled: required(bool()), liability: anything() }),
  currency: currency(),
  customer: str(),
  customer_account: str(),
  customer_details: anything(),
  discounts: emptyable(arr(anything())),
  invoice_items: arr(previewItem, { max: 250 }),
  issuer: anything(),
  on_behalf_of: emptyable(str()),
  preview_mode: oneOf(['next', 'recurring'] as const),
  schedule: str(),
  schedule_details: anything(),
  subscription: str(),
  subscription_details: anything(),
};

const searchFields = new Set(['created', 'currency', 'customer', 'number', 'status', 'subscription', 'total', 'id', 'collection_method', 'amount_due']);

export function invoiceRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/invoices', summary: 'Create an invoice (draft)', returns: 'invoice', params: createShape,
    handler: (ctx, p) => {
      if (p.customer === undefined && p.customer_account === undefined) throw parameterMissing('customer');
      return createInvoice(ctx, { ...p, customer: p.customer ?? '' });
    },
  });
  r.add({
    method: 'GET', path: '/v1/invoices/{invoice}', summary: 'Retrieve an invoice', returns: 'invoice',
    handler: (ctx, _p, { invoice }) => {
      const inv = findInvoice(ctx, invoice);
      if (!inv) throw resourceMissing('invoice', invoice, 'invoice');
      return inv.deleted ? inv : currentInvoice(ctx, invoice);
    },
  });
  r.add({
    method: 'POST', path: '/v1/invoices/{invoice}', summary: 'Update an invoice', returns: 'invoice', params: fieldsShape,
    handler: (ctx, p, { invoice }) => updateInvoice(ctx, invoice, p),
  });
  r.add({
    method: 'DELETE', path: '/v1/invoices/{invoice}', summary: 'Delete a draft invoice', returns: 'deleted_invoice',
    handler: (ctx, _p, { invoice }) => deleteInvoice(ctx, invoice),
  });
  r.add({
    method: 'GET', path: '/v1/invoices', summary: 'List invoices', returns: 'list',
    params: {
      ...listShape, collection_method: oneOf(['charge_automatically', 'send_invoice'] as const), created: range(), customer: str(),
      customer_account: str(), due_date: range(), status: oneOf(['draft', 'open', 'paid', 'uncollectible', 'void'] as const), subscription: str(),
    },
    handler: (ctx, p) =>
      listObjects<Invoice>(ctx, p, {
        collection: INVOICES, objectName: 'invoice', url: '/v1/invoices',
        where: p.customer !== undefined ? { field: 'customer', value: p.customer } : undefined,
        created: p.created,
        filter: (i) =>
          (p.subscription === undefined) &&
          (p.customer_account === undefined) &&
          (p.status === undefined || i.status === p.status) &&
          (p.collection_method === undefined || i.collection_method === p.collection_method) &&
          (p.due_date === undefined || (i.due_date !== null && inRange(i.due_date, p.due_date))),
      }),
  });
  r.add({
    method: 'GET', path: '/v1/invoices/search', summary: 'Search invoices', returns: 'search_result',
    params: { query: required(str()), limit: int({ min: 1, max: 100 }), page: str() },
    handler: (ctx, p) => searchObjects(ctx, p, { collection: INVOICES, url: '/v1/invoices/search', fields: searchFields }),
  });
  r.add({
    method: 'GET', path: '/v1/invoices/{invoice}/lines', summary: "List an invoice's line items", returns: 'list',
    params: listShape,
    handler: (ctx, p, { invoice }) => {
      const inv = currentInvoice(ctx, invoice, 'invoice');
      return listOf(linesOf(ctx, inv.id), p, `/v1/invoices/${inv.id}/lines`, 'line_item');
    },
  });
  r.add({
    method: 'POST', path: '/v1/invoices/create_preview', summary: "Preview the invoice a customer's pending items would make", returns: 'invoice',
    params: previewShape,
    handler: (ctx, p) => {
      for (const key of ['subscription', 'subscription_details', 'schedule', 'schedule_details', 'customer_account', 'customer_details', 'on_behalf_of'] as const) {
        if (p[key] !== undefined && p[key] !== null) throw invalidRequest(`\`${key}\` is not supported by the emulator's invoice previews.`, { param: key });
      }
      (p.invoice_items ?? []).forEach((item, i) => refuseUnsupported(item, `invoice_items[${i}]`));
      return createPreview(ctx, p);
    },
  });
}
