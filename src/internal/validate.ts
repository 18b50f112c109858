/**
 * `src/internal/`: argument checks and the bridges between `AbortSignal`, promises and
 * Observables that every folder uses. Imports nothing of rxnet but `errors`.
 *
 * Argument checks shared by every entry point: they run before any I/O and throw
 * `TypeError`/`RangeError` naming the argument (C8).
 */

/** Throws unless `value` is a non-negative safe integer: a size or a count. */
export function checkSize(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
}

/** Throws unless `value` is a positive safe integer. */
export function checkPositive(value: unknown, name: string): asserts value is number {
  checkSize(value, name);
  if (value === 0) throw new RangeError(`${name} must be positive, got 0`);
}

/** Throws unless `value` is a TCP/UDP port: 0..65535, or 1..65535 when 0 is not allowed. */
export function checkPort(value: unknown, name: string, allowZero: boolean): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  const min = allowZero ? 0 : 1;
  if (!Number.isInteger(value) || value < min || value > 65535) {
    throw new RangeError(`${name} must be an integer in ${min}..65535, got ${value}`);
  }
}

/** Throws unless `value` is a non-empty string (a host name or a path). */
export function checkNonEmptyString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, got ${typeof value}`);
  if (value.length === 0) throw new TypeError(`${name} must not be empty`);
}

/** Throws unless `value` is any `ArrayBufferView` (Buffer, typed array, DataView). */
export function checkBytes(value: unknown, name: string): asserts value is ArrayBufferView {
  if (!ArrayBuffer.isView(value)) {
    throw new TypeError(`${name} must be an ArrayBufferView (Buffer, Uint8Array, DataView...), got ${describe(value)}`);
  }
}

/** Throws unless `value` is an options object or undefined. */
export function checkOptions(value: unknown, name: string): asserts value is object | undefined {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new TypeError(`${name} must be an object, got ${describe(value)}`);
  }
}

/** Throws unless `value` is a function. */
export function checkFunction(value: unknown, name: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function, got ${describe(value)}`);
}

/** A zero-copy `Buffer` over the bytes of any `ArrayBufferView`. */
export function asBuffer(view: ArrayBufferView): Buffer {
  return Buffer.isBuffer(view) ? view : Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

/**
 * Runs a promise-returning operation so that a synchronous throw (a failed argument check, a
 * closed transport) becomes a rejection: callers of a promise API see every failure the same way.
 */
export function attempt<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return operation();
  } catch (error) {
    return Promise.reject(error);
  }
}
