/**
 * `sentMatchesRecording`: does the code under test still say what it said when the session was
 * recorded? Exactly (a stream's bytes in order, whatever the chunking; each datagram whole), or
 * frame by frame through a decoder (`decodeLines()`, `decodeJson()`...), which is the test to
 * use when a message's content matters and its chunking or timing does not.
 */
import { isDeepStrictEqual, inspect } from 'node:util';
import { concatMap, defer, EMPTY, from, map, Observable, toArray, type OperatorFunction } from 'rxjs';
import { checkOptions } from '../internal/validate';
import { dataOf, parseRecording, type Recording } from './recording';
import { RecordingMismatchError } from './recording-mismatch-error';

/** Options of `sentMatchesRecording`. */
export interface SentMatchOptions {
  /** Compare the frames this decoder makes of both sides, by deep equality, instead of the bytes. */
  readonly decode?: OperatorFunction<Buffer, unknown>;
}

/**
 * Emits `true` and completes when `sent$` completes having sent what `recording` did; errors
 * with `RecordingMismatchError` at the first difference (or, at completion, if it sent less).
 */
export function sentMatchesRecording(sent$: Observable<Buffer>, recording: Recording, options: SentMatchOptions = {}): Observable<true> {
  checkOptions(options, 'sentMatchesRecording: options');
  const checked = parseRecording(recording);
  const chunks = checked.events.flatMap((event) => (event.type === 'sent' ? [dataOf(event)] : []));
  const { decode } = options;
  if (decode !== undefined) {
    return from(chunks).pipe(
      decode,
      toArray(),
      concatMap((expected) => framesMatch(sent$.pipe(decode), expected, 'frame')),
    );
  }
  return checked.kind === 'datagram' ? framesMatch(sent$, chunks, 'datagram') : bytesMatch(sent$, Buffer.concat(chunks));
}

function framesMatch(actual$: Observable<unknown>, expected: readonly unknown[], what: string): Observable<true> {
  return defer(() => {
    let index = 0;
    return actual$.pipe(
      concatMap((actual) => {
        const at = index++;
        if (at >= expected.length) {
          throw new RecordingMismatchError(`${what} ${at}: the recording ends here, but the code sent ${show(actual)}`, at, undefined, actual);
        }
        if (!isDeepStrictEqual(actual, expected[at])) {
          throw new RecordingMismatchError(`${what} ${at}: expected ${show(expected[at])} but the code sent ${show(actual)}`, at, expected[at], actual);
        }
        return EMPTY;
      }),
      toArray(),
      map(() => {
        if (index < expected.length) {
          throw new RecordingMismatchError(
            `${what} ${index}: the code sent ${index} ${what}s, the recording has ${expected.length}; next expected ${show(expected[index])}`,
            index,
            expected[index],
            undefined,
          );
        }
        return true as const;
      }),
    );
  });
}

function bytesMatch(actual$: Observable<Buffer>, expected: Buffer): Observable<true> {
  return defer(() => {
    let offset = 0;
    return actual$.pipe(
      concatMap((chunk) => {
        const want = expected.subarray(offset, offset + chunk.length);
        const differs = want.length < chunk.length || !want.equals(chunk);
        if (differs) {
          let at = 0;
          while (at < want.length && want[at] === chunk[at]) at++;
          const index = offset + at;
          const expectedHere = expected.subarray(index, index + 32);
          const actualHere = chunk.subarray(at, at + 32);
          throw new RecordingMismatchError(
            `byte ${index}: expected ${show(expectedHere.toString())} but the code sent ${show(actualHere.toString())}`,
            index,
            expectedHere,
            actualHere,
          );
        }
        offset += chunk.length;
        return EMPTY;
      }),
      toArray(),
      map(() => {
        if (offset < expected.length) {
          const rest = expected.subarray(offset, offset + 32);
          throw new RecordingMismatchError(
            `byte ${offset}: the code sent ${offset} bytes, the recording has ${expected.length}; next expected ${show(rest.toString())}`,
            offset,
            rest,
            undefined,
          );
        }
        return true as const;
      }),
    );
  });
}

function show(value: unknown): string {
  return inspect(value, { breakLength: Infinity, maxStringLength: 80 });
}
