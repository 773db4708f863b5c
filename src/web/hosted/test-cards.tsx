/** The test cards a customer can pick on the hosted pages (no real card data is ever entered). */
export const HOSTED_TEST_CARDS: Array<[string, string]> = [
  ['pm_card_visa', 'Visa •••• 4242 — succeeds'],
  ['pm_card_mastercard', 'Mastercard •••• 4444 — succeeds'],
  ['pm_card_amex', 'American Express •••• 0005 — succeeds'],
  ['pm_card_chargeDeclined', 'Visa •••• 0002 — declined'],
  ['pm_card_chargeDeclinedInsufficientFunds', 'Visa •••• 9995 — insufficient funds'],
  ['pm_card_chargeDeclinedExpiredCard', 'Visa •••• 0069 — expired card'],
];

export function isHostedTestCard(value: string): boolean {
  return HOSTED_TEST_CARDS.some(([v]) => v === value);
}

export function TestCardSelect({ selected }: { selected?: string }) {
  return (
    <>
      <label for="card">Card (test mode)</label>
      <select id="card" name="card">
        {HOSTED_TEST_CARDS.map(([value, label]) => (
          <option value={value} selected={value === selected}>{label}</option>
        ))}
      </select>
    </>
  );
}
