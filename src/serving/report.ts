/**
 * The default error sinks of `serve(handler)`: one warning line per failure, never a throw, so
 * a per-connection error can't reach the shared stream or RxJS's `reportUnhandledError`.
 */

/** Logs one warning line for a failure in `where`. */
export function warnOnce(where: string, error: unknown): void {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.warn(`rxnet: ${where}: ${text}`);
}

/** Calls a user-supplied error sink; if the sink itself throws, that is logged and swallowed. */
export function reportSafely(sink: () => void, where: string): void {
  try {
    sink();
  } catch (error) {
    warnOnce(`${where} threw`, error);
  }
}
