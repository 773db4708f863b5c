/**
 * The end of the current event-loop turn, as one shared promise. The journal
 * lines of a turn are appended there in one write (store/persistence.ts), and
 * API responses are released there together: written back to back, they wake
 * a waiting client once per turn instead of once per response, which on a busy
 * server costs far more than the few microseconds a response waits.
 */
let turn: Promise<void> | null = null;

export function endOfTurn(): Promise<void> {
  turn ??= new Promise((resolve) => {
    setImmediate(() => {
      turn = null;
      resolve();
    });
  });
  return turn;
}
