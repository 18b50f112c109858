/**
 * `decodeJson`: newline-delimited JSON (one value per line) to values. Lines follow
 * `decodeLines` (same limits and errors); a line that is not JSON errors with its `SyntaxError`.
 *
 * ```ts
 * chunks(transport).pipe(decodeJson<{ op: string }>()).subscribe((message) => dispatch(message));
 * ```
 */
import { map, type OperatorFunction } from 'rxjs';
import { decodeLines, type DecodeLinesOptions } from './decodeLines';

/** Options of `decodeJson`. */
export type DecodeJsonOptions = Pick<DecodeLinesOptions, 'maxLineLength'>;

/**
 * Decodes newline-delimited JSON. The type parameter is trusted, not checked.
 *
 * @example
 * ```ts
 * chunks(transport).pipe(decodeJson<{ id: number }>()).subscribe(({ id }) => console.log(id));
 * ```
 */
export function decodeJson<T = unknown>(options: DecodeJsonOptions = {}): OperatorFunction<ArrayBufferView, T> {
  const lines = decodeLines({ ...options, delimiter: '\n' });
  return (source) => source.pipe(lines, map((line) => JSON.parse(line) as T));
}
