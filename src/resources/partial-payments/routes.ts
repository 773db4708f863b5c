/** POST /v1/invoices/{invoice}/attach_payment (2025-05-28.basil+). */
import { invalidRequest, parameterMissing, parameterUnknown } from '../../errors.js';
import { str } from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { supports } from '../../versions/known.js';
import { attachPayment } from './attach.js';
import './crediting.js';

export function partialPaymentRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/invoices/{invoice}/attach_payment', summary: 'Attach a PaymentIntent to an open invoice (partial payment)',
    returns: 'invoice',
    params: { payment_intent: str(), payment_record: str() },
    handler: (ctx, p, { invoice }) => {
      if (!supports(ctx.version, 'partialPayments')) {
        throw invalidRequest(
          `Attaching payments to invoices needs API version 2025-05-28.basil or later; this request uses ${ctx.version}. ` +
            'Send a newer Stripe-Version header to use partial payments.',
        );
      }
      if (p.payment_record !== undefined) {
        if (!supports(ctx.version, 'paymentRecords')) throw parameterUnknown('payment_record');
        throw invalidRequest(
          'PaymentRecords are not modelled by the emulator, so `payment_record` cannot be attached. Attach a PaymentIntent with `payment_intent`, ' +
            'or record an outside payment with POST /v1/invoices/{invoice}/pay and paid_out_of_band=true.',
          { param: 'payment_record' },
        );
      }
      if (p.payment_intent === undefined) throw parameterMissing('payment_intent', 'Missing required param: payment_intent (the PaymentIntent to attach).');
      return attachPayment(ctx, invoice, p.payment_intent);
    },
  });
}
