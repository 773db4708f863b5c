/** What every dashboard page gets: the emulator, the selected account, "now". */
import type { Emulator } from '../../emulator.js';
import type { AccountStore } from '../../store/store.js';

export interface Dash {
  emulator: Emulator;
  account: string;
  acct: AccountStore;
  now: number;
  /** Query parameters of the request. */
  query: Record<string, string | undefined>;
}

