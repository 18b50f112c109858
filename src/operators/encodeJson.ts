/**
 * `encodeJson`: each value becomes one line of JSON (newline-delimited JSON). A value JSON
 * cannot represent (`undefined`, a function) errors with `TypeError`.
 *
 * ```ts
 * of({ op: 'ping' }).pipe(encodeJson(), sendAllTo(transport)).subscribe();
 * ```
 */
import { map, type OperatorFunction } from 'rxjs';
import { encodeLines } from './encodeLines';

/**
 * Encodes values as newline-delimited JSON.
 *
 * @example
 * ```ts
 * of({ id: 1 }, { id: 2 }).pipe(encodeJson(), sendAllTo(transport)).subscribe();
 * ```
 */
export function encodeJson<T>(): OperatorFunction<T, Buffer> {
  return (source) =>
    source.pipe(
      map((value: T) => {
        const text = JSON.stringify(value) as string | undefined;
        if (text === undefined) throw new TypeError(`encodeJson: ${typeof value} cannot be encoded as JSON`);
        return text;
      }),
      encodeLines(),
    );
}
