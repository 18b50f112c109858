/**
 * The one settled promise rxnet's transports return when a send leaves nothing to wait for: its
 * bytes were taken by the kernel or by a memory peer's buffer (or there were none, or it was an
 * EOF queued behind them). `serially` (the loop of `sendAllTo` and `sendTo`) recognises it and
 * starts the next write in the same call. Any other promise costs it a reaction, a derived
 * promise and a microtask, which on the Observable path was the only promise left per message.
 */
export const SENT: Promise<void> = Promise.resolve();
