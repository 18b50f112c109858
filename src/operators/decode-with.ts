/**
 * The machinery every framing decoder shares: feed each chunk to a `FrameDecoder`, emit the
 * frames it completes, and let it judge the end of the stream. Chunk boundaries can fall
 * anywhere; the decoder holds the partial frame between chunks.
 */
import { concatWith, defer, EMPTY, mergeMap, type OperatorFunction } from 'rxjs';
import { asBuffer, checkBytes } from '../internal/validate';

/** A stateful frame splitter: one per subscription. */
export interface FrameDecoder<T> {
  /** Takes the next chunk; returns the frames it completed. Throws `FrameTooLargeError` as soon as a frame is known to be too large. */
  push(chunk: Buffer): T[];
  /** The stream ended: throws `IncompleteFrameError` when a partial frame is left. */
  end(): void;
}

/**
 * Decodes a stream of byte chunks into frames with a fresh decoder per subscription. Written
 * with RxJS's own operators, so that a decoder's error (or a consumer's unsubscribe) also stops
 * a synchronous source at once: a hand-made subscriber would let it push the rest of its
 * chunks, each concatenated and refused again, before the teardown reached it.
 */
export function decodeWith<T>(createDecoder: () => FrameDecoder<T>): OperatorFunction<ArrayBufferView, T> {
  return (source) =>
    defer(() => {
      const decoder = createDecoder();
      return source.pipe(
        mergeMap((chunk) => {
          checkBytes(chunk, 'chunk');
          return decoder.push(asBuffer(chunk));
        }),
        concatWith(
          defer(() => {
            decoder.end();
            return EMPTY;
          }),
        ),
      );
    });
}
