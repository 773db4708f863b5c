/**
 * The composition root: `createEmulator(options)` wires the store, clock, ids,
 * webhook dispatcher, API routes and control plane into a Hono app. No module
 * singletons hold state: two emulators in one process are independent.
 */
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { systemClock, type Clock } from './clock.js';
import type { EmulatorServices, EventRecord } from './context.js';
import { clockControlRoutes } from './control/advance.js';
import { coreControlRoutes } from './control/routes.js';
import { paymentControlRoutes } from './resources/payment-intents/control.js';
import { ControlRouter } from './control/router.js';
import { NoWebhooks, type WebhookDispatcher } from './events/dispatcher.js';
import { WebhookDeliveries } from './events/webhooks.js';
import { webhookControlRoutes } from './control/webhooks.js';
import { IdempotencyCache } from './http/idempotency.js';
import { endOfTurn } from './turn.js';
import type { ApiRouter } from './http/router.js';
import { randomIds, type IdGenerator } from './ids.js';
import { invoiceAutomation } from './resources/invoices/automation.js';
import { apiRouter } from './resources/index.js';
import { Persistence } from './store/persistence.js';
import { Store } from './store/store.js';
import { webExtension } from './web/mount.js';
import { LATEST_VERSION, parseVersion, type ApiVersion } from './versions/known.js';

export interface EmulatorOptions {
  /** The account default API version (default: the newest). */
  apiVersion?: string;
  /** Persist state to this file; without it, state lives in memory only. */
  dataFile?: string;
  /** Log lines go here (default: stdout); `quiet` silences request lines. */
  logger?: (line: string) => void;
  quiet?: boolean;
  ids?: IdGenerator;
  clock?: Clock;
  /** Base URL used in links the emulator hands out (hosted invoice pages). */
  publicUrl?: string;
  /** Creates the webhook dispatcher (tests inject their own settings). */
  webhooks?: (emulator: Emulator) => WebhookDispatcher;
  /** Waits before each webhook retry, in milliseconds (default: 2s, 10s, 1m, 5m, 30m, 2h, 6h: 8 attempts). */
  webhookRetrySchedule?: number[];
  /** Webhook request timeout in milliseconds (default 10 000). */
  webhookTimeout?: number;
}

export interface Emulator {
  app: Hono;
  store: Store;
  clock: Clock;
  services: EmulatorServices;
  router: ApiRouter;
  control: ControlRouter;
  webhooks: WebhookDispatcher;
  idempotency: IdempotencyCache;
  /** Forget one account's state, or everything. */
  reset(account?: string): Promise<void>;
  /** Resolves once every committed change is on disk (with --data; immediately without). */
  persist(): Promise<void>;
  /** Wait until queued webhook deliveries are done (tests). */
  drain(opts?: { includeRetries?: boolean }): Promise<void>;
  /** Write what must be written; stop timers. */
  close(): Promise<void>;
  /** Registers work to run on every clock tick (automatic invoice advancement, …). */
  onTick(job: () => void): void;
  /** Runs the tick jobs now (after the clock moved). */
  tick(): void;
}

export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const defaultVersion: ApiVersion = parseVersion(options.apiVersion, LATEST_VERSION);
  const ids = options.ids ?? randomIds;
  const log = options.logger ?? ((line: string) => console.log(line));
  const requestLog = options.quiet ? () => {} : log;
  let store: Store;
  let persistence: Persistence | null = null;
  if (options.dataFile) {
    const opened = await Persistence.open(options.dataFile, { log });
    store = opened.store;
    persistence = opened.persistence;
  } else {
    store = new Store();
  }
  const clock = options.clock ?? systemClock();
  persistence?.keepClock(clock);

  const jobs: Array<() => void> = [];
  const emulator = {} as Emulator;
  const services: EmulatorServices = {
    store,
    clock,
    ids,
    defaultVersion,
    publicUrl: () => options.publicUrl ?? 'http://127.0.0.1:12111',
    onEvents: (account: string, events: EventRecord[]) => emulator.webhooks.enqueue(account, events),
    matchingEndpoints: (account: string, type: string) => emulator.webhooks.matchingEndpoints(account, type),
  };
  // with --data, saved responses are kept in the store too, so that a retry after a restart is still a replay
  const idempotency = new IdempotencyCache(() => clock.now(), undefined, { store, durable: persistence !== null });
  const router = apiRouter();
  const control = new ControlRouter();
  const persist = persistence ? () => persistence!.flush() : endOfTurn;

  Object.assign(emulator, {
    store,
    clock,
    services,
    router,
    control,
    idempotency,
    webhooks: new NoWebhooks(),
    persist,
    async reset(account?: string) {
      store.reset(account);
      idempotency.reset(account);
      emulator.webhooks.reset(account);
      await persist();
    },
    drain: (opts?: { includeRetries?: boolean }) => emulator.webhooks.drain(opts),
    async close() {
      clearInterval(timer);
      await emulator.webhooks.close();
      if (persistence) await persistence.close();
    },
    onTick(job: () => void) {
      jobs.push(job);
    },
    tick() {
      for (const job of jobs) {
        try {
          job();
        } catch (error) {
          log(`error: background job failed: ${(error as Error)?.stack ?? String(error)}`);
        }
      }
    },
  } satisfies Omit<Emulator, 'app'>);
  emulator.webhooks = options.webhooks
    ? options.webhooks(emulator)
    : new WebhookDeliveries(emulator, { retrySchedule: options.webhookRetrySchedule, timeout: options.webhookTimeout, log: requestLog });

  coreControlRoutes(control, emulator);
  webhookControlRoutes(control, emulator);
  paymentControlRoutes(control, emulator);
  clockControlRoutes(control, emulator);
  invoiceAutomation(emulator);
  emulator.app = createApp({
    services,
    idempotency,
    router,
    persist,
    log: options.quiet ? undefined : log,
    logError: log,
    requestId: () => ids('req'),
    extensions: [webExtension(emulator), (app) => control.mount(app)],
  });
  const timer = setInterval(() => emulator.tick(), 1000);
  timer.unref();
  return emulator;
}
