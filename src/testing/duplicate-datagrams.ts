/**
 * `duplicateDatagrams`: UDP may deliver a datagram twice (a retransmitting link, a routing
 * loop). Each datagram is followed at once by a copy with a fixed, seeded probability: the test
 * of a protocol's idempotence or de-duplication.
 *
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const in$ = cold('-a').pipe(duplicateDatagrams({ probability: 1, seed: 0 }), map(String));
 *   expectObservable(in$).toBe('-(aa)');
 * });
 * ```
 */
import { defer, mergeMap, type OperatorFunction } from 'rxjs';
import { checkDatagramFault, type DatagramFaultOptions } from './drop-datagrams';
import { seededRandom } from './seeded-random';
import { toBytes } from './marble-stream-transport';

/** Emits each datagram, then a copy of it with `probability` (seeded). Throws `RangeError` at once for p outside 0..1. */
export function duplicateDatagrams(options: DatagramFaultOptions): OperatorFunction<string | ArrayBufferView, Buffer> {
  const { probability, seed } = checkDatagramFault(options, 'duplicateDatagrams');
  return (source) =>
    defer(() => {
      const random = seededRandom(seed);
      return source.pipe(
        mergeMap((value) => {
          const datagram = toBytes(value);
          return random() < probability ? [datagram, Buffer.from(datagram)] : [datagram];
        }),
      );
    });
}
