/** Length-prefixed framing: any chunking, identity with the encoder, oversize refused before buffering, truncation. */
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { decodeLengthPrefixed, encodeLengthPrefixed, FrameTooLargeError, IncompleteFrameError } from '../../src';
import { cut, offsets, run } from '../support/split';

describe('decodeLengthPrefixed / encodeLengthPrefixed', () => {
  it('encode then decode is the identity for any frames, header size and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(1 as const, 2 as const, 4 as const),
        fc.array(fc.uint8Array({ maxLength: 255 }), { maxLength: 20 }),
        offsets,
        async (headerSize, frames, at) => {
          const encoded = await lastValueFrom(from(frames).pipe(encodeLengthPrefixed({ headerSize }), toArray()));
          const decoded = await run(cut(Buffer.concat(encoded), at), decodeLengthPrefixed({ headerSize }));
          expect(decoded.map((f) => Buffer.from(f))).toEqual(frames.map((f) => Buffer.from(f)));
        },
      ),
    );
  });

  it('a header announcing more than maxFrameLength errors at once, before the body is buffered', () => {
    const emitted: Buffer[] = [];
    let failure: unknown;
    const header = Buffer.alloc(4);
    header.writeUInt32BE(1_000_000);
    from([Buffer.from([0, 0, 0, 1, 0x61]), header])
      .pipe(decodeLengthPrefixed({ maxFrameLength: 1024 }))
      .subscribe({ next: (f) => emitted.push(f), error: (e: unknown) => (failure = e) });
    expect(emitted.map(String)).toEqual(['a']);
    expect(failure).toBeInstanceOf(FrameTooLargeError);
  });

  it('a frame of exactly maxFrameLength is accepted; one byte more is refused', async () => {
    const exactly = Buffer.concat([Buffer.from([0, 0, 0, 8]), Buffer.alloc(8, 7)]);
    expect(await run([exactly], decodeLengthPrefixed({ maxFrameLength: 8 }))).toEqual([Buffer.alloc(8, 7)]);
    const over = Buffer.concat([Buffer.from([0, 0, 0, 9]), Buffer.alloc(9, 7)]);
    await expect(run([over], decodeLengthPrefixed({ maxFrameLength: 8 }))).rejects.toBeInstanceOf(FrameTooLargeError);
    // And the encoder agrees on the same boundary.
    await expect(lastValueFrom(from([Buffer.alloc(8)]).pipe(encodeLengthPrefixed({ maxFrameLength: 8 }), toArray()))).resolves.toHaveLength(1);
  });

  it('a stream ending inside a header or a frame errors with IncompleteFrameError', async () => {
    await expect(run([Buffer.from([0, 0])], decodeLengthPrefixed())).rejects.toBeInstanceOf(IncompleteFrameError);
    await expect(run([Buffer.from([0, 0, 0, 5, 1, 2])], decodeLengthPrefixed())).rejects.toBeInstanceOf(IncompleteFrameError);
  });

  it('the encoder refuses a frame over maxFrameLength; options are validated', async () => {
    await expect(lastValueFrom(from([Buffer.alloc(300)]).pipe(encodeLengthPrefixed({ headerSize: 1 })))).rejects.toBeInstanceOf(
      FrameTooLargeError,
    );
    expect(() => decodeLengthPrefixed({ headerSize: 3 as never })).toThrow(RangeError);
    expect(() => decodeLengthPrefixed({ headerSize: 1, maxFrameLength: 256 })).toThrow(RangeError);
  });

  it('C8: errors name the operator, the option and the sizes', async () => {
    expect(() => decodeLengthPrefixed({ headerSize: 3 as never })).toThrow('decodeLengthPrefixed: options.headerSize must be 1, 2 or 4, got 3');
    expect(() => decodeLengthPrefixed({ headerSize: 1, maxFrameLength: 256 })).toThrow(
      'decodeLengthPrefixed: options.maxFrameLength 256 does not fit a 1-byte header',
    );
    expect(() => decodeLengthPrefixed(7 as never)).toThrow(/^decodeLengthPrefixed: options /);
    expect(() => encodeLengthPrefixed({ headerSize: 5 as never })).toThrow(/^encodeLengthPrefixed: options\.headerSize /);
    await expect(run([Buffer.from([0, 0, 0, 9])], decodeLengthPrefixed({ maxFrameLength: 8 }))).rejects.toThrow(
      'frame of 9 bytes announced; maxFrameLength is 8',
    );
    await expect(run([Buffer.from([0, 0, 0, 5, 1, 2])], decodeLengthPrefixed())).rejects.toThrow('the stream ended inside a frame (6 bytes of it)');
    await expect(lastValueFrom(from([Buffer.alloc(9)]).pipe(encodeLengthPrefixed({ maxFrameLength: 8 })))).rejects.toThrow(
      'frame of 9 bytes; maxFrameLength is 8',
    );
    await expect(lastValueFrom(from(['str' as never]).pipe(encodeLengthPrefixed()))).rejects.toThrow(/^encodeLengthPrefixed: frame /);
  });

  it('the default maxFrameLength is 16 MiB, or what the header can announce when less', async () => {
    const header = (size: 2 | 4, length: number) => {
      const bytes = Buffer.alloc(size);
      bytes.writeUIntBE(length, 0, size);
      return bytes;
    };
    // Headers alone: a refused length errors at its header; an accepted one waits for its body.
    await expect(run([header(4, 16 * 1024 * 1024 + 1)], decodeLengthPrefixed())).rejects.toBeInstanceOf(FrameTooLargeError);
    await expect(run([header(4, 16 * 1024 * 1024)], decodeLengthPrefixed())).rejects.toBeInstanceOf(IncompleteFrameError);
    await expect(run([header(2, 65_535)], decodeLengthPrefixed({ headerSize: 2 }))).rejects.toBeInstanceOf(IncompleteFrameError);
    const frame = Buffer.alloc(100_000, 1);
    const encoded = await lastValueFrom(from([frame]).pipe(encodeLengthPrefixed()));
    expect(await run([encoded], decodeLengthPrefixed())).toEqual([frame]);
  });
});
