/** Programmatic use: `createEmulator()` for in-process tests, and the pieces tests need. */
export { createEmulator, type Emulator, type EmulatorOptions } from './emulator.js';
export { sequentialIds, randomIds } from './ids.js';
export { systemClock, type Clock } from './clock.js';
export { StripeError } from './errors.js';
export { KNOWN_VERSIONS, LATEST_VERSION } from './versions/known.js';
export { WebhookDeliveries, type WebhookOptions } from './events/webhooks.js';
