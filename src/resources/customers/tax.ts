/**
 * `customer.tax` (includable): where Stripe Tax places the customer. The location is the shipping address when the
 * customer has one, else the billing address, as Stripe Tax chooses (a present but unusable address is not skipped
 * for the next one). The emulator has no tax engine and no tax registrations, so a usable location reports
 * `not_collecting`, and none reports `unrecognized_location`. An IP address given as `tax[ip_address]` is kept and
 * shown, but locates nobody: the emulator has no geolocation.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import type { Collection, StoredObject } from '../../store/collection.js';
import type { Customer } from './service.js';

/** Bookkeeping: the `tax[ip_address]` of a customer, by the customer's id (absent when none was given). */
export const CUSTOMER_TAX_IPS = '_customer_tax_ip';

interface TaxIp extends StoredObject {
  ip_address: string;
}

type Address = { country?: string | null; postal_code?: string | null; state?: string | null };

export interface CustomerTax {
  automatic_tax: 'not_collecting' | 'unrecognized_location';
  ip_address: string | null;
  location: { country: string; source: 'billing_address' | 'shipping_destination'; state: string | null } | null;
  provider: 'stripe';
}

const filled = (value: string | null | undefined): value is string => typeof value === 'string' && value !== '';

/**
 * Whether Stripe Tax could place an address: a two-letter country code, and for the United States a ZIP code, for
 * Canada a postal code or a province (a simplification of Stripe's per-country formats).
 */
function usable(address: Address): boolean {
  const country = address.country;
  if (!filled(country) || !/^[A-Z]{2}$/.test(country)) return false;
  if (country === 'US') return filled(address.postal_code);
  if (country === 'CA') return filled(address.postal_code) || filled(address.state);
  return true;
}

/** An address with any field given (Stripe Tax skips only absent or empty ones). */
function present(address: Address | null | undefined): address is Address {
  return !!address && Object.values(address).some((v) => filled(v as string | null | undefined));
}

/** The customer's tax location, or null when it has none Stripe Tax could use. */
export function taxLocation(customer: Customer): CustomerTax['location'] {
  const shipping = (customer.shipping as { address?: Address } | null | undefined)?.address;
  const billing = customer.address as Address | null | undefined;
  const [address, source] = present(shipping) ? [shipping, 'shipping_destination' as const] : [billing, 'billing_address' as const];
  if (!present(address) || !usable(address)) return null;
  return { country: address.country!, source, state: filled(address.state) ? address.state : null };
}

/** The account's kept IP addresses, or null when it has none (reading must not create the collection). */
function taxIps(ctx: ApiContext): Collection<TaxIp> | null {
  return ctx.account.has(CUSTOMER_TAX_IPS) ? ctx.account.collection<TaxIp>(CUSTOMER_TAX_IPS) : null;
}

export function customerTax(ctx: ApiContext, customer: Customer): CustomerTax {
  const location = taxLocation(customer);
  return {
    automatic_tax: location ? 'not_collecting' : 'unrecognized_location',
    ip_address: taxIps(ctx)?.get(customer.id)?.ip_address ?? null,
    location,
    provider: 'stripe',
  };
}

/** `tax[ip_address]` on create or update: kept (a string), or forgotten (`''`, which arrives as null). */
export function setTaxIp(ctx: ApiContext, customerId: string, ip: string | null | undefined): void {
  if (ip === null) taxIps(ctx)?.remove(customerId);
  else if (ip !== undefined) ctx.account.collection<TaxIp>(CUSTOMER_TAX_IPS).put({ id: customerId, ip_address: ip });
}

/** `tax[validate_location]=immediately`: a customer Stripe Tax cannot place is refused (and nothing is written). */
export function checkTaxLocation(customer: Customer, validate: string | undefined): void {
  if (validate !== 'immediately' || taxLocation(customer)) return;
  throw invalidRequest(
    "The customer's location isn't recognized, so tax can't be calculated for it: give a shipping or billing address with a two-letter country code (and a ZIP code in the US, a postal code or province in Canada), or pass tax[validate_location]=deferred.",
    { code: 'customer_tax_location_invalid', param: 'tax[validate_location]' },
  );
}
