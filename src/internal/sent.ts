/**
 * The one settled promise an rxnet send returns when its bytes have already left: taken by the
 * kernel, or by a memory peer's buffer. `serially` (the loop of `sendAllTo` and `sendTo`)
 * recognises it and starts the next write in the same call. Any other promise costs it a
 * reaction, a derived promise and a microtask, which on the Observable path was the only
 * promise left per message.
 */
export const SENT: Promise<void> = Promise.resolve();
