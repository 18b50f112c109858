/**
 * Waiting on state that has no event of its own. `waitFor` re-checks after every I/O turn of
 * the event loop (setImmediate), never after a fixed sleep, and gives up after `turns`.
 */
export async function waitFor(predicate: () => boolean, what: string, turns = 200_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (predicate()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Lets `turns` I/O turns pass: used only to show that something did NOT happen. */
export async function ioTurns(turns: number): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Whether a promise has settled yet, without waiting for it. */
export function track<T>(promise: Promise<T>): { readonly settled: boolean; readonly promise: Promise<T> } {
  const state = { settled: false, promise };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}
