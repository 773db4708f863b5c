/** Routes for charges (created by PaymentIntents): retrieve, update, capture, list, search; `refunds` is includable. */
import { invalidRequest } from '../../errors.js';
import { anything, emptyable, int, listShape, metadata, obj, range, required, str } from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { registerDowngrade } from '../../versions/downgrade.js';
import { listObjects, listOf } from '../../store/list.js';
import { searchObjects } from '../../store/search.js';
import { capturePaymentIntent } from '../payment-intents/service.js';
import { shippingSpec } from '../payment-intents/params.js';
import { REFUNDS, type Refund } from '../refunds/service.js';
import { CHARGES, getCharge, updateCharge, type Charge } from './service.js';

registerResource({
  object: 'charge',
  prefix: 'ch',
  includable: {
    refunds: (ctx, charge) => {
      const refunds = listObjects<Refund>(ctx, { limit: 100 }, {
        collection: REFUNDS, objectName: 'refund', url: `/v1/charges/${charge.id}/refunds`, where: { field: 'charge', value: charge.id },
      });
      return listOf(refunds.data, {}, `/v1/charges/${charge.id}/refunds`, 'refund');
    },
  },
});

/** Card details added after basil: the automatic field stripping stops two levels down, so strip them here. */
registerDowngrade({
  object: 'charge',
  before: '2025-09-30.clover',
  description: 'payment_method_details.card: no electronic_commerce_indicator / transaction_link_id before clover',
  apply: (charge) => {
    const details = charge.payment_method_details as { card?: Record<string, unknown> } | null;
    if (details?.card) {
      const card = { ...details.card };
      delete card.electronic_commerce_indicator;
      delete card.transaction_link_id;
      charge.payment_method_details = { ...details, card };
    }
    return charge;
  },
});

export function chargeRoutes(r: ApiRouter): void {
  r.add({
    method: 'GET', path: '/v1/charges/{charge}', summary: 'Retrieve a charge', returns: 'charge',
    handler: (ctx, _p, { charge }) => getCharge(ctx, charge, 'charge'),
  });
  r.add({
    method: 'POST', path: '/v1/charges/{charge}', summary: 'Update a charge', returns: 'charge',
    params: {
      customer: str(), description: emptyable(str({ max: 40000 })), fraud_details: obj({ user_report: required(emptyable(str())) }),
      metadata: metadata(), receipt_email: str(), shipping: shippingSpec, transfer_group: str(),
    },
    handler: (ctx, p, { charge }) => {
      const current = getCharge(ctx, charge, 'charge');
      if (p.customer !== undefined && current.customer !== null && current.customer !== p.customer) {
        throw invalidRequest('A charge that already has a customer cannot be assigned to another customer.', { param: 'customer' });
      }
      return updateCharge(ctx, charge, {
        customer: p.customer, description: p.description, metadata: p.metadata, receipt_email: p.receipt_email, shipping: p.shipping,
        transfer_group: p.transfer_group,
        fraud_details: p.fraud_details ? (p.fraud_details.user_report ? { user_report: p.fraud_details.user_report } : {}) : undefined,
      });
    },
  });
  r.add({
    method: 'POST', path: '/v1/charges/{charge}/capture', summary: "Capture a charge (its PaymentIntent's authorization)", returns: 'charge',
    params: {
      amount: int({ min: 1 }), application_fee: int(), application_fee_amount: int(), receipt_email: str(), statement_descriptor: str({ max: 22 }),
      statement_descriptor_suffix: str({ max: 22 }), transfer_data: anything(), transfer_group: str(),
    },
    handler: (ctx, p, { charge }) => {
      const current = getCharge(ctx, charge, 'charge');
      if (current.captured) throw invalidRequest(`Charge ${charge} has already been captured.`, { code: 'charge_already_captured', param: 'charge' });
      if (current.payment_intent === null || current.status !== 'succeeded') {
        throw invalidRequest(`Charge ${charge} cannot be captured.`, { code: 'charge_not_refundable', param: 'charge' });
      }
      capturePaymentIntent(ctx, current.payment_intent, { amount_to_capture: p.amount });
      return getCharge(ctx, charge);
    },
  });
  r.add({
    method: 'GET', path: '/v1/charges', summary: 'List charges', returns: 'list',
    params: { ...listShape, created: range(), customer: str(), payment_intent: str(), transfer_group: str() },
    handler: (ctx, p) =>
      listObjects<Charge>(ctx, p, {
        collection: CHARGES, objectName: 'charge', url: '/v1/charges',
        where: p.payment_intent !== undefined ? { field: 'payment_intent', value: p.payment_intent }
          : p.customer !== undefined ? { field: 'customer', value: p.customer } : undefined,
        created: p.created,
        filter: (c) => (p.customer === undefined || c.customer === p.customer)
          && (p.transfer_group === undefined || c.transfer_group === p.transfer_group),
      }),
  });
  r.add({
    method: 'GET', path: '/v1/charges/search', summary: 'Search charges', returns: 'search_result',
    params: { query: required(str()), limit: int({ min: 1, max: 100 }), page: str() },
    handler: (ctx, p) =>
      searchObjects(ctx, p, {
        collection: CHARGES, url: '/v1/charges/search',
        fields: new Set([
          'amount', 'created', 'currency', 'customer', 'disputed', 'payment_intent', 'refunded', 'status', 'id', 'description',
          'billing_details.address.postal_code', 'payment_method_details.card.brand', 'payment_method_details.card.last4',
          'payment_method_details.card.exp_month', 'payment_method_details.card.exp_year', 'payment_method_details.card.fingerprint',
        ]),
      }),
  });
}
