/**
 * `encodeLengthPrefixed`: each frame becomes its length (big-endian, `headerSize` bytes) then
 * its bytes. A frame over `maxFrameLength` errors with `FrameTooLargeError`: the peer's decoder
 * would refuse it anyway.
 *
 * ```ts
 * frames$.pipe(encodeLengthPrefixed({ headerSize: 2 }), sendAllTo(transport)).subscribe();
 * ```
 */
import { map, type OperatorFunction } from 'rxjs';
import { FrameTooLargeError } from '../errors';
import { asBuffer, checkBytes } from '../internal/validate';
import { lengthPrefixedOptions, type LengthPrefixedOptions } from './decodeLengthPrefixed';

/**
 * Encodes frames with a big-endian length header.
 *
 * @example
 * ```ts
 * of(Buffer.from('frame')).pipe(encodeLengthPrefixed(), sendAllTo(transport)).subscribe();
 * ```
 */
export function encodeLengthPrefixed(options: LengthPrefixedOptions = {}): OperatorFunction<ArrayBufferView, Buffer> {
  const { headerSize, maxFrameLength } = lengthPrefixedOptions(options, 'encodeLengthPrefixed');
  return map((frame: ArrayBufferView) => {
    checkBytes(frame, 'encodeLengthPrefixed: frame');
    if (frame.byteLength > maxFrameLength) {
      throw new FrameTooLargeError(`frame of ${frame.byteLength} bytes; maxFrameLength is ${maxFrameLength}`);
    }
    const out = Buffer.allocUnsafe(headerSize + frame.byteLength);
    out.writeUIntBE(frame.byteLength, 0, headerSize);
    asBuffer(frame).copy(out, headerSize);
    return out;
  });
}
