/**
 * Known API versions, comparisons and named behaviour gates. Domain code knows
 * only the newest version; it asks `supports(version, gate)` where behaviour
 * differs, and rendering downgrades objects (see downgrade.ts).
 */
import { invalidRequest } from '../errors.js';

export const LATEST_VERSION = '2026-10-28.endive';

/** Every GA version from 2024-06-20 to the newest (reference §1.2). */
export const KNOWN_VERSIONS = [
  '2024-06-20',
  '2024-09-30.acacia',
  '2024-10-28.acacia',
  '2024-11-20.acacia',
  '2024-12-18.acacia',
  '2025-01-27.acacia',
  '2025-02-24.acacia',
  '2025-03-31.basil',
  '2025-04-30.basil',
  '2025-05-28.basil',
  '2025-06-30.basil',
  '2025-07-30.basil',
  '2025-08-27.basil',
  '2025-09-30.clover',
  '2025-10-29.clover',
  '2025-11-17.clover',
  '2025-12-15.clover',
  '2026-01-28.clover',
  '2026-02-25.clover',
  '2026-03-25.dahlia',
  '2026-04-22.dahlia',
  '2026-05-27.dahlia',
  '2026-06-24.dahlia',
  '2026-07-29.dahlia',
  '2026-08-26.dahlia',
  '2026-09-30.endive',
  '2026-10-28.endive',
] as const;

export type ApiVersion = (typeof KNOWN_VERSIONS)[number];

const KNOWN = new Set<string>(KNOWN_VERSIONS);

export function isKnownVersion(v: string): v is ApiVersion {
  return KNOWN.has(v);
}

export function parseVersion(header: string | undefined | null, fallback: ApiVersion): ApiVersion {
  if (header === undefined || header === null || header.trim() === '') return fallback;
  const v = header.trim();
  if (!isKnownVersion(v)) {
    // no `code`: Stripe's error-code list has none for this, so there is no doc_url to point at
    throw invalidRequest(`Invalid Stripe API version: ${v}. Known versions are ${KNOWN_VERSIONS[0]} through ${LATEST_VERSION}.`);
  }
  return v;
}

/** Versions compare by their date part. */
export function atLeast(version: string, since: string): boolean {
  return version.slice(0, 10) >= since.slice(0, 10);
}

/** Named behaviour gates: the first version with the behaviour. */
export const GATES = {
  /** InvoicePayment objects, invoice.payments, /v1/invoice_payments, the basil invoice shape. */
  invoicePayments: '2025-03-31.basil',
  /** POST /v1/invoices/{id}/attach_payment, credit note pre/post payment amounts and type `mixed`. */
  partialPayments: '2025-05-28.basil',
  /** attach_payment accepts `payment_record`. */
  paymentRecords: '2025-10-29.clover',
  /** payment_method_types no longer writable on payment/setup intents. */
  paymentMethodTypesRemoved: '2026-09-30.endive',
} as const satisfies Record<string, ApiVersion>;

export type Gate = keyof typeof GATES;

export function supports(version: string, gate: Gate): boolean {
  return atLeast(version, GATES[gate]);
}
