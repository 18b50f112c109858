/**
 * The machinery every framing decoder shares: feed each chunk to a `FrameDecoder`, emit the
 * frames it completes, and let it judge the end of the stream. Chunk boundaries can fall
 * anywhere; the decoder holds the partial frame between chunks.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { asBuffer, checkBytes } from '../internal/validate';

/** A stateful frame splitter: one per subscription. */
export interface FrameDecoder<T> {
  /** Takes the next chunk; returns the frames it completed. Throws `FrameTooLargeError` as soon as a frame is known to be too large. */
  push(chunk: Buffer): T[];
  /** The stream ended: throws `IncompleteFrameError` when a partial frame is left. */
  end(): void;
}

/** Decodes a stream of byte chunks into frames with a fresh decoder per subscription. */
export function decodeWith<T>(createDecoder: () => FrameDecoder<T>): OperatorFunction<ArrayBufferView, T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const decoder = createDecoder();
      return source.subscribe({
        next(chunk) {
          let frames: T[];
          try {
            checkBytes(chunk, 'chunk');
            frames = decoder.push(asBuffer(chunk));
          } catch (error) {
            subscriber.error(error);
            return;
          }
          for (const frame of frames) subscriber.next(frame);
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          try {
            decoder.end();
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.complete();
        },
      });
    });
}
