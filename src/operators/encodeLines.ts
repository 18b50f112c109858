/**
 * `encodeLines`: each string becomes its UTF-8 bytes followed by the delimiter (default `\n`).
 * A string containing the delimiter would split into two lines on the other side, so it errors
 * with `RangeError` instead.
 *
 * ```ts
 * of('HELLO', 'WORLD').pipe(encodeLines(), sendAllTo(transport)).subscribe();
 * ```
 */
import { map, type OperatorFunction } from 'rxjs';
import { lineOptions, type DecodeLinesOptions } from './decodeLines';

/** Options of `encodeLines`. */
export type EncodeLinesOptions = Pick<DecodeLinesOptions, 'delimiter'>;

/**
 * Encodes strings as delimited lines.
 *
 * @example
 * ```ts
 * of('HELO', 'QUIT').pipe(encodeLines({ delimiter: '\r\n' }), sendAllTo(transport)).subscribe();
 * ```
 */
export function encodeLines(options: EncodeLinesOptions = {}): OperatorFunction<string, Buffer> {
  const { delimiter } = lineOptions(options, 'encodeLines');
  const text = delimiter.toString();
  return map((line: string) => {
    if (typeof line !== 'string') throw new TypeError(`encodeLines: a line must be a string, got ${typeof line}`);
    if (line.includes(text)) throw new RangeError('encodeLines: a line must not contain the delimiter');
    return Buffer.concat([Buffer.from(line), delimiter]);
  });
}
