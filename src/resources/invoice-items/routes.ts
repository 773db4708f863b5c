/** Routes for invoice items. */
import type { ApiContext } from '../../context.js';
import { invalidRequest, parameterUnknown, resourceMissing } from '../../errors.js';
import {
  anything, arr, bool, currency, decimal, emptyable, int, listShape, metadata, obj, oneOf, range, required, str,
} from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { listObjects } from '../../store/list.js';
import { supports } from '../../versions/known.js';
import { priceDataShape } from '../prices/service.js';
import {
  INVOICE_ITEMS, createInvoiceItem, deleteInvoiceItem, findInvoiceItem, updateInvoiceItem, type InvoiceItem,
} from './service.js';

registerResource({ object: 'invoiceitem', prefix: 'ii' });

const period = obj({ end: required(int({ min: 0 })), start: required(int({ min: 0 })) });
const taxBehavior = oneOf(['exclusive', 'inclusive', 'unspecified'] as const);

/** Parameters Stripe accepts that the emulator has no engine for: accepted only when empty. */
export const unsupportedShape = {
  discounts: emptyable(arr(anything())),
  tax_rates: emptyable(arr(str())),
  tax_code: emptyable(str()),
  tax_behavior: taxBehavior,
};

export function refuseUnsupported(p: { discounts?: unknown[] | null; tax_rates?: string[] | null }, prefix = ''): void {
  const param = (k: string) => (prefix ? `${prefix}[${k}]` : k);
  if (p.discounts && p.discounts.length > 0) throw invalidRequest('Discounts are not supported by the emulator.', { param: param('discounts') });
  if (p.tax_rates && p.tax_rates.length > 0) throw invalidRequest('Tax rates are not supported by the emulator (it has no tax engine).', { param: param('tax_rates') });
}

/** `price` and `unit_amount` were replaced by `pricing` in 2025-03-31.basil; older versions may still send them. */
export function refuseLegacyPricing(ctx: ApiContext, p: { price?: string; unit_amount?: number }, prefix = ''): void {
  if (!supports(ctx.version, 'invoicePayments')) return;
  for (const key of ['price', 'unit_amount'] as const) {
    if (p[key] !== undefined) throw parameterUnknown(prefix ? `${prefix}[${key}]` : key);
  }
}

const pricingShape = {
  amount: int(),
  price_data: obj({ ...priceDataShape, product: required(str()), tax_behavior: taxBehavior }),
  pricing: obj({ price: str() }),
  quantity: int({ min: 0 }),
  quantity_decimal: decimal(),
  unit_amount_decimal: decimal(),
  price: str(),
  unit_amount: int(),
};

const createShape = {
  ...pricingShape,
  ...unsupportedShape,
  currency: currency(),
  customer: str(),
  customer_account: str(),
  description: str({ max: 500 }),
  discountable: bool(),
  invoice: str(),
  metadata: metadata(),
  period,
  subscription: str(),
};

const updateShape = {
  ...pricingShape,
  ...unsupportedShape,
  description: emptyable(str({ max: 500 })),
  discountable: bool(),
  metadata: metadata(),
  period,
  invoicing_rules: anything(),
};

export function invoiceItemRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/invoiceitems', summary: 'Create an invoice item', returns: 'invoiceitem', params: createShape,
    handler: (ctx, p) => {
      refuseLegacyPricing(ctx, p);
      refuseUnsupported(p);
      if (p.subscription !== undefined) throw invalidRequest('Subscriptions are not supported by the emulator.', { param: 'subscription' });
      if (p.customer === undefined && p.customer_account !== undefined) {
        throw invalidRequest('The emulator identifies customers by `customer`; `customer_account` is not supported.', { param: 'customer_account' });
      }
      return createInvoiceItem(ctx, p);
    },
  });
  r.add({
    method: 'GET', path: '/v1/invoiceitems/{invoiceitem}', summary: 'Retrieve an invoice item', returns: 'invoiceitem',
    handler: (ctx, _p, { invoiceitem }) => {
      const item = findInvoiceItem(ctx, invoiceitem);
      if (!item) throw resourceMissing('invoiceitem', invoiceitem, 'invoiceitem');
      return item;
    },
  });
  r.add({
    method: 'POST', path: '/v1/invoiceitems/{invoiceitem}', summary: 'Update an invoice item', returns: 'invoiceitem', params: updateShape,
    handler: (ctx, p, { invoiceitem }) => {
      refuseLegacyPricing(ctx, p);
      refuseUnsupported(p);
      return updateInvoiceItem(ctx, invoiceitem, p);
    },
  });
  r.add({
    method: 'DELETE', path: '/v1/invoiceitems/{invoiceitem}', summary: 'Delete an invoice item (not on a finalized invoice)', returns: 'deleted_invoiceitem',
    handler: (ctx, _p, { invoiceitem }) => deleteInvoiceItem(ctx, invoiceitem),
  });
  r.add({
    method: 'GET', path: '/v1/invoiceitems', summary: 'List invoice items', returns: 'list',
    params: { ...listShape, created: range(), customer: str(), customer_account: str(), invoice: str(), pending: bool() },
    handler: (ctx, p) =>
      listObjects<InvoiceItem>(ctx, p, {
        collection: INVOICE_ITEMS, objectName: 'invoiceitem', url: '/v1/invoiceitems',
        where: p.invoice !== undefined ? { field: 'invoice', value: p.invoice } : p.customer !== undefined ? { field: 'customer', value: p.customer } : undefined,
        created: p.created,
        createdField: 'date',
        filter: (i) =>
          (p.customer === undefined || i.customer === p.customer) &&
          (p.invoice === undefined || i.invoice === p.invoice) &&
          (p.pending === undefined || (i.invoice === null) === p.pending),
      }),
  });
}
