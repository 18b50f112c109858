/** fast-check helpers: a byte stream cut into chunks at arbitrary points. */
import fc from 'fast-check';
import { from, lastValueFrom, toArray, type OperatorFunction } from 'rxjs';

/** Cuts `bytes` at the given offsets (any order, duplicates ignored) into chunks. */
export function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let last = 0;
  for (const point of [...points, bytes.length]) {
    if (point > last) parts.push(bytes.subarray(last, point));
    last = Math.max(last, point);
  }
  return parts;
}

/** Arbitrary cut offsets. */
export const offsets = fc.array(fc.nat(), { maxLength: 40 });

/** Runs `chunks` through `operator` and collects every emission (synchronous sources). */
export function run<T>(chunks: Buffer[], operator: OperatorFunction<ArrayBufferView, T>): Promise<T[]> {
  return lastValueFrom(from(chunks).pipe(operator, toArray()));
}
