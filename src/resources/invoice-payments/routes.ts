/** Routes for InvoicePayments (2025-03-31.basil+) and the includable `invoice.payments` list. */
import type { ApiContext } from '../../context.js';
import { listShape, obj, oneOf, range, required, str } from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { listObjects, listOf, type ListEnvelope } from '../../store/list.js';
import { INVOICE_PAYMENTS, getInvoicePayment, invoicePaymentsOf, type InvoicePayment } from './service.js';

registerResource({ object: 'invoice_payment', prefix: 'inpay', collection: INVOICE_PAYMENTS });

/** How many payments `invoice.payments` embeds. */
const EMBEDDED_PAYMENTS = 10;

/** `invoice.payments` (present only with `expand[]=payments`): newest first, the rest via GET /v1/invoice_payments?invoice=. */
export function invoicePaymentsList(ctx: ApiContext, invoiceId: string): ListEnvelope<InvoicePayment> {
  const newestFirst = invoicePaymentsOf(ctx, invoiceId).reverse();
  return listOf(newestFirst, { limit: EMBEDDED_PAYMENTS }, `/v1/invoice_payments?invoice=${invoiceId}`, 'invoice_payment');
}

export function invoicePaymentRoutes(r: ApiRouter): void {
  r.add({
    method: 'GET', path: '/v1/invoice_payments/{invoice_payment}', summary: 'Retrieve an invoice payment', returns: 'invoice_payment',
    since: 'invoicePayments',
    handler: (ctx, _p, { invoice_payment }) => getInvoicePayment(ctx, invoice_payment, 'invoice_payment'),
  });
  r.add({
    method: 'GET', path: '/v1/invoice_payments', summary: 'List invoice payments', returns: 'list', since: 'invoicePayments',
    params: {
      ...listShape,
      created: range(),
      invoice: str(),
      payment: obj({ type: required(oneOf(['payment_intent', 'payment_record'] as const)), payment_intent: str(), payment_record: str() }),
      status: oneOf(['canceled', 'open', 'paid'] as const),
    },
    handler: (ctx, p) =>
      listObjects<InvoicePayment>(ctx, p, {
        collection: INVOICE_PAYMENTS, objectName: 'invoice_payment', url: '/v1/invoice_payments',
        where: p.invoice !== undefined
          ? { field: 'invoice', value: p.invoice }
          : p.payment?.payment_intent !== undefined ? { field: 'payment.payment_intent', value: p.payment.payment_intent } : undefined,
        created: p.created,
        filter: (x) =>
          (p.status === undefined || x.status === p.status) &&
          (p.payment === undefined ||
            (x.payment.type === p.payment.type &&
              (p.payment.payment_intent === undefined || x.payment.payment_intent === p.payment.payment_intent) &&
              (p.payment.payment_record === undefined || x.payment.payment_record === p.payment.payment_record))),
      }),
  });
}
