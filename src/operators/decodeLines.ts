/**
 * `decodeLines`: bytes to text lines, split on a delimiter (default `\n`), without it.
 *
 * Lines are decoded as UTF-8 after splitting, so a character cut between two chunks is never
 * mangled. A line longer than `maxLineLength` bytes errors with `FrameTooLargeError` as soon as
 * that is known, so at most `maxLineLength` + one chunk is ever held. A last line without its
 * delimiter errors with `IncompleteFrameError` at completion.
 *
 * ```ts
 * chunks(transport).pipe(decodeLines()).subscribe((line) => console.log(line));
 * // 'HELLO\r\nWORLD\n' in any chunking → 'HELLO\r', 'WORLD'   (use { delimiter: '\r\n' } for CRLF)
 * ```
 */
import type { OperatorFunction } from 'rxjs';
import { FrameTooLargeError, IncompleteFrameError } from '../errors';
import { checkOptions, checkPositive } from '../internal/validate';
import { decodeWith, type FrameDecoder } from './decode-with';

/** Options of `decodeLines`. */
export interface DecodeLinesOptions {
  /** What ends a line. Default `'\n'`. */
  readonly delimiter?: string;
  /** Longest line accepted, in bytes, delimiter excluded. Default 65 536. */
  readonly maxLineLength?: number;
}

/**
 * Splits a byte stream into lines (strings, delimiter removed).
 *
 * @example
 * ```ts
 * chunks(transport).pipe(decodeLines({ delimiter: '\r\n', maxLineLength: 8192 })).subscribe(console.log);
 * ```
 */
export function decodeLines(options: DecodeLinesOptions = {}): OperatorFunction<ArrayBufferView, string> {
  const { delimiter, maxLineLength } = lineOptions(options, 'decodeLines');
  return decodeWith(() => new LineDecoder(delimiter, maxLineLength));
}

/** Validates and defaults line options (shared with `encodeLines` and the JSON codecs). */
export function lineOptions(options: DecodeLinesOptions, where: string): { delimiter: Buffer; maxLineLength: number } {
  checkOptions(options, `${where}: options`);
  const { delimiter = '\n', maxLineLength = 65_536 } = options;
  if (typeof delimiter !== 'string' || delimiter.length === 0) throw new TypeError(`${where}: options.delimiter must be a non-empty string`);
  checkPositive(maxLineLength, `${where}: options.maxLineLength`);
  return { delimiter: Buffer.from(delimiter), maxLineLength };
}

class LineDecoder implements FrameDecoder<string> {
  #pending = Buffer.alloc(0);
  /** Where the delimiter search resumes: bytes before it are known not to start one. */
  #scanFrom = 0;

  constructor(
    private readonly delimiter: Buffer,
    private readonly maxLineLength: number,
  ) {}

  push(chunk: Buffer): string[] {
    const pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const lines: string[] = [];
    let start = 0;
    for (let at = pending.indexOf(this.delimiter, this.#scanFrom); at >= 0; at = pending.indexOf(this.delimiter, start)) {
      if (at - start > this.maxLineLength) throw this.#tooLarge(at - start);
      lines.push(pending.toString('utf8', start, at));
      start = at + this.delimiter.length;
    }
    const rest = pending.length - start;
    if (rest > this.maxLineLength) throw this.#tooLarge(rest);
    // A copy, so a large chunk is not kept alive by the few bytes left of it.
    this.#pending = rest === 0 ? Buffer.alloc(0) : Buffer.from(pending.subarray(start));
    this.#scanFrom = Math.max(0, rest - this.delimiter.length + 1);
    return lines;
  }

  end(): void {
    if (this.#pending.length > 0) {
      throw new IncompleteFrameError(`the stream ended inside a line (${this.#pending.length} bytes without a delimiter)`);
    }
  }

  #tooLarge(length: number): FrameTooLargeError {
    return new FrameTooLargeError(`line longer than maxLineLength (${this.maxLineLength} bytes): at least ${length}`);
  }
}
