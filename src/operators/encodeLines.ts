/**
 * `encodeLines`: each string becomes its UTF-8 bytes followed by the delimiter (default `\n`).
 * `decodeLines` splits at the delimiter's first occurrence, so a string that would not come back
 * whole errors with `RangeError` instead: one containing the delimiter, or ending with the start
 * of a delimiter that overlaps itself (`'|'` before `'||'` reads as an empty line, then `'|'`).
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
  return map((line: string) => {
    if (typeof line !== 'string') throw new TypeError(`encodeLines: a line must be a string, got ${typeof line}`);
    const framed = Buffer.concat([Buffer.from(line), delimiter]);
    if (framed.indexOf(delimiter) !== framed.length - delimiter.length) {
      throw new RangeError('encodeLines: a line must not contain the delimiter, nor end with the start of one that overlaps itself');
    }
    return framed;
  });
}
