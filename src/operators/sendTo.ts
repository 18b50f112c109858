/**
 * `sendTo`: an operator that sends each `[data, address]` pair through a datagram listener,
 * one after another (as `concatMap` would). It emits nothing and completes when all are sent; a send
 * that fails (EMSGSIZE, a closed listener) errors it.
 *
 * ```ts
 * listener.serve().pipe(map(([d, from]) => [reply(d), from] as const), sendTo(listener)).subscribe();
 * ```
 */
import type { OperatorFunction } from 'rxjs';
import type { AsyncDatagramListener } from '../core/abc';
import { serially } from '../internal/serially';

/**
 * Sends each pair with `listener.sendTo`, in order.
 *
 * @example
 * ```ts
 * listener.serve().pipe(map(([d, from]) => [d, from] as const), sendTo(listener)).subscribe(); // UDP echo
 * ```
 */
export function sendTo<A>(listener: AsyncDatagramListener<A>): OperatorFunction<readonly [ArrayBufferView, A], never> {
  if (typeof listener?.sendTo !== 'function') throw new TypeError('sendTo: listener must be an AsyncDatagramListener');
  return serially(([data, address]) => listener.sendTo(data, address));
}
