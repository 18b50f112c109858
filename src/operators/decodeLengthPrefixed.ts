/**
 * `decodeLengthPrefixed`: bytes to frames, each preceded by its length as a big-endian unsigned
 * integer of `headerSize` bytes (1, 2 or 4; default 4).
 *
 * A header announcing more than `maxFrameLength` bytes errors with `FrameTooLargeError` at once,
 * before any of that frame is buffered, so at most `maxFrameLength` + one chunk is ever held.
 * A stream ending inside a header or a frame errors with `IncompleteFrameError`.
 *
 * ```ts
 * chunks(transport).pipe(decodeLengthPrefixed({ headerSize: 2 })).subscribe((frame) => handle(frame));
 * ```
 */
import type { OperatorFunction } from 'rxjs';
import { FrameTooLargeError, IncompleteFrameError } from '../errors';
import { checkOptions, checkPositive } from '../internal/validate';
import { decodeWith, type FrameDecoder } from './decode-with';

/** Options of `decodeLengthPrefixed` and `encodeLengthPrefixed`. */
export interface LengthPrefixedOptions {
  /** Bytes of the big-endian length header: 1, 2 or 4. Default 4. */
  readonly headerSize?: 1 | 2 | 4;
  /** Largest frame accepted, in bytes (header excluded). Default 16 MiB, at most what the header can say. */
  readonly maxFrameLength?: number;
}

/**
 * Splits a byte stream into length-prefixed frames (the header removed).
 *
 * @example
 * ```ts
 * chunks(transport).pipe(decodeLengthPrefixed({ headerSize: 2, maxFrameLength: 4096 })).subscribe(handle);
 * ```
 */
export function decodeLengthPrefixed(options: LengthPrefixedOptions = {}): OperatorFunction<ArrayBufferView, Buffer> {
  const { headerSize, maxFrameLength } = lengthPrefixedOptions(options, 'decodeLengthPrefixed');
  return decodeWith(() => new LengthPrefixedDecoder(headerSize, maxFrameLength));
}

/** Validates and defaults the options (shared with `encodeLengthPrefixed`). */
export function lengthPrefixedOptions(options: LengthPrefixedOptions, where: string): { headerSize: 1 | 2 | 4; maxFrameLength: number } {
  checkOptions(options, `${where}: options`);
  const { headerSize = 4 } = options;
  if (headerSize !== 1 && headerSize !== 2 && headerSize !== 4) {
    throw new RangeError(`${where}: options.headerSize must be 1, 2 or 4, got ${String(headerSize)}`);
  }
  const headerMax = 2 ** (8 * headerSize) - 1;
  const { maxFrameLength = Math.min(16 * 1024 * 1024, headerMax) } = options;
  checkPositive(maxFrameLength, `${where}: options.maxFrameLength`);
  if (maxFrameLength > headerMax) {
    throw new RangeError(`${where}: options.maxFrameLength ${maxFrameLength} does not fit a ${headerSize}-byte header`);
  }
  return { headerSize, maxFrameLength };
}

class LengthPrefixedDecoder implements FrameDecoder<Buffer> {
  #pending = Buffer.alloc(0);

  constructor(
    private readonly headerSize: 1 | 2 | 4,
    private readonly maxFrameLength: number,
  ) {}

  push(chunk: Buffer): Buffer[] {
    let pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const frames: Buffer[] = [];
    while (pending.length >= this.headerSize) {
      const length = pending.readUIntBE(0, this.headerSize);
      if (length > this.maxFrameLength) {
        throw new FrameTooLargeError(`frame of ${length} bytes announced; maxFrameLength is ${this.maxFrameLength}`);
      }
      const end = this.headerSize + length;
      if (pending.length < end) break;
      frames.push(pending.subarray(this.headerSize, end));
      pending = pending.subarray(end);
    }
    this.#pending = Buffer.from(pending);
    return frames;
  }

  end(): void {
    if (this.#pending.length > 0) {
      throw new IncompleteFrameError(`the stream ended inside a frame (${this.#pending.length} bytes of it)`);
    }
  }
}
