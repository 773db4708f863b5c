/** Routes for refunds (and a charge's refunds). */
import { resourceMissing } from '../../errors.js';
import { bool, currency, int, listShape, metadata, oneOf, range, str } from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { listObjects } from '../../store/list.js';
import { getCharge } from '../charges/service.js';
import { unsupported } from '../payment-intents/params.js';
import { REFUNDS, cancelRefund, createRefund, getRefund, updateRefund, type Refund } from './service.js';

registerResource({ object: 'refund', prefix: 're' });

const reason = oneOf(['duplicate', 'fraudulent', 'requested_by_customer'] as const);

export function refundRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/refunds', summary: 'Create a refund', returns: 'refund',
    params: {
      amount: int({ min: 1 }), charge: str(), payment_intent: str(), currency: currency(), customer: str(), instructions_email: str(),
      metadata: metadata(), origin: oneOf(['customer_balance'] as const), reason, refund_application_fee: bool(), reverse_transfer: bool(),
    },
    handler: (ctx, p) => {
      unsupported('origin', p.origin);
      return createRefund(ctx, {
        charge: p.charge, payment_intent: p.payment_intent, amount: p.amount, reason: p.reason, metadata: p.metadata,
        instructions_email: p.instructions_email,
      });
    },
  });
  r.add({
    method: 'GET', path: '/v1/refunds/{refund}', summary: 'Retrieve a refund', returns: 'refund',
    handler: (ctx, _p, { refund }) => getRefund(ctx, refund),
  });
  r.add({
    method: 'POST', path: '/v1/refunds/{refund}', summary: 'Update a refund', returns: 'refund',
    params: { metadata: metadata() },
    handler: (ctx, p, { refund }) => updateRefund(ctx, refund, { metadata: p.metadata }),
  });
  r.add({
    method: 'POST', path: '/v1/refunds/{refund}/cancel', summary: 'Cancel a refund (only requires_action refunds)', returns: 'refund',
    handler: (ctx, _p, { refund }) => cancelRefund(ctx, refund),
  });
  r.add({
    method: 'GET', path: '/v1/refunds', summary: 'List refunds', returns: 'list',
    params: { ...listShape, charge: str(), payment_intent: str(), created: range() },
    handler: (ctx, p) =>
      listObjects<Refund>(ctx, p, {
        collection: REFUNDS, objectName: 'refund', url: '/v1/refunds',
        where: p.charge !== undefined ? { field: 'charge', value: p.charge }
          : p.payment_intent !== undefined ? { field: 'payment_intent', value: p.payment_intent } : undefined,
        created: p.created,
        filter: p.payment_intent !== undefined ? (re) => re.payment_intent === p.payment_intent : undefined,
      }),
  });
  r.add({
    method: 'GET', path: '/v1/charges/{charge}/refunds', summary: "List a charge's refunds", returns: 'list',
    params: { ...listShape },
    handler: (ctx, p, { charge }) => {
      getCharge(ctx, charge, 'charge');
      return listObjects<Refund>(ctx, p, {
        collection: REFUNDS, objectName: 'refund', url: `/v1/charges/${charge}/refunds`, where: { field: 'charge', value: charge },
      });
    },
  });
  r.add({
    method: 'GET', path: '/v1/charges/{charge}/refunds/{refund}', summary: "Retrieve a charge's refund", returns: 'refund',
    handler: (ctx, _p, { charge, refund }) => {
      const re = getRefund(ctx, refund);
      if (re.charge !== charge) throw resourceMissing('refund', refund, 'refund');
      return re;
    },
  });
}
