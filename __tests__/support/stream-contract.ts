/**
 * The stream transport contract (docs/semantics.md C1-C7, S1-S7), written once and run against every
 * kind of stream transport: each test names the ids it checks.
 */
import {
  BrokenResourceError,
  BusyResourceError,
  ClosedResourceError,
  StreamAttribute,
  TransportAttribute,
  TypedAttributeLookupError,
  acloseForcefully,
  type AsyncStreamTransport,
} from '../../src';
import { firstValueFrom } from 'rxjs';
import { patternBytes, prng, readExactly, readToEof } from './bytes';
import type { StreamKind } from './pairs';
import { ioTurns, track, waitFor } from './wait';

const MiB = 1024 * 1024;

/** Sends `data` in random-sized `sendAll` calls. */
async function sendInRandomChunks(t: AsyncStreamTransport, data: Buffer, seed: number): Promise<void> {
  const random = prng(seed);
  for (let offset = 0; offset < data.length; ) {
    const size = 1 + Math.floor(random() * 65536);
    await t.sendAll(data.subarray(offset, offset + size));
    offset += size;
  }
}

/**
 * Leaves `writer` with a `sendAll` that cannot finish: the reader, which never reads, is filled
 * to its highWaterMark (so it paused its source), then 32 MiB are sent, more than every buffer
 * on the path (kernel socket buffers included) can hold.
 */
async function blockWriter(
  writer: AsyncStreamTransport,
  reader: AsyncStreamTransport,
): Promise<{ readonly settled: boolean; promise: Promise<void> }> {
  const mark = reader.extra(StreamAttribute.highWaterMark);
  void writer.sendAll(Buffer.alloc(mark)).catch(() => undefined);
  await waitFor(() => reader.extra(StreamAttribute.bufferedBytes) >= mark, 'the reader to fill');
  const blocked = track(writer.sendAll(Buffer.alloc(32 * MiB)));
  await ioTurns(2);
  expect(blocked.settled).toBe(false);
  return blocked;
}

export function describeStreamContract(kind: StreamKind): void {
  describe(`stream transport contract over ${kind.name}`, () => {
    it('O1: a graceful aclose ends as local-close, an abrupt one as local-abort; open, the termination is a lookup error', async () => {
      const graceful = await kind.open();
      expect(() => graceful.a.extra(TransportAttribute.termination)).toThrow(TypedAttributeLookupError);
      const peerDone = readToEof(graceful.b).then(() => graceful.b.aclose());
      await graceful.a.aclose();
      await peerDone;
      const termination = await firstValueFrom(graceful.a.extra(TransportAttribute.terminated$));
      expect(termination.reason).toBe('local-close');
      expect(graceful.a.extra(TransportAttribute.termination)).toBe(termination); // decided once

      const abrupt = await kind.open();
      await acloseForcefully(abrupt.a);
      expect((await firstValueFrom(abrupt.a.extra(TransportAttribute.terminated$))).reason).toBe('local-abort');
    });

    it('S1/S2: round-trips every ArrayBufferView kind, byte for byte', async () => {
      const { a, b } = await kind.open();
      const source = patternBytes(64, 7);
      const views: ArrayBufferView[] = [
        Buffer.from(source),
        new Uint8Array(source),
        new Int8Array(source.buffer.slice(source.byteOffset, source.byteOffset + 64)),
        new Uint16Array(new Uint8Array(source).buffer),
        new Float64Array(new Uint8Array(source).buffer),
        new DataView(new Uint8Array(source).buffer, 8, 40),
        new Uint8Array(new Uint8Array(source).buffer, 3, 50),
      ];
      for (const view of views) {
        const expected = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
        await a.sendAll(view);
        expect(await readExactly(b, view.byteLength)).toEqual(expected);
        await b.sendAll(view);
        const into = new Uint8Array(view.byteLength);
        let filled = 0;
        while (filled < into.length) filled += await a.recvInto(into.subarray(filled));
        expect(Buffer.from(into)).toEqual(expected);
      }
    });

    it('S1: 1 MiB each way at once, in random chunk sizes, arrives exact with every recv non-empty', async () => {
      const { a, b } = await kind.open();
      const aToB = patternBytes(MiB, 11);
      const bToA = patternBytes(MiB, 12);
      const [, , gotB, gotA] = await Promise.all([
        sendInRandomChunks(a, aToB, 1),
        sendInRandomChunks(b, bToA, 2),
        readExactly(b, MiB),
        readExactly(a, MiB),
      ]);
      expect(gotB.equals(aToB)).toBe(true);
      expect(gotA.equals(bToA)).toBe(true);
    });

    it('S1: recv(0) resolves an empty Buffer at once and takes nothing', async () => {
      const { a, b } = await kind.open();
      expect((await b.recv(0)).length).toBe(0);
      await a.sendAll(Buffer.from('xyz'));
      expect((await b.recv(0)).length).toBe(0);
      expect((await readExactly(b, 3)).toString()).toBe('xyz');
    });

    // Skipped for TLS kinds only: TLS has no half-close; their sendEof rejects UnsupportedOperation (tls.test.ts).
    (kind.halfClose ? it : it.skip)('S5/S1: sendEof half-closes each direction in turn; EOF repeats; the other way still works', async () => {
      const { a, b } = await kind.open();
      await a.sendAll(Buffer.from('from a'));
      await a.sendEof();
      await a.sendEof(); // idempotent
      expect(a.isClosing()).toBe(false);
      expect((await readToEof(b)).toString()).toBe('from a');
      for (let i = 0; i < 3; i++) expect((await b.recv(10)).length).toBe(0);
      expect(await b.recvInto(new Uint8Array(4))).toBe(0);
      await expect(a.sendAll(Buffer.from('late'))).rejects.toBeInstanceOf(ClosedResourceError);

      await b.sendAll(Buffer.from('from b'));
      await b.sendEof();
      expect((await readToEof(a)).toString()).toBe('from b');
      expect((await a.recv(10)).length).toBe(0);
    });

    it('C5: concurrent sendAll calls are written in call order, never interleaved', async () => {
      const { a, b } = await kind.open();
      const chunks = Array.from({ length: 100 }, (_, i) => Buffer.alloc(1000 + i * 37, i));
      const expected = Buffer.concat(chunks);
      const received = readExactly(b, expected.length);
      await Promise.all(chunks.map((c) => a.sendAll(c)));
      expect((await received).equals(expected)).toBe(true);
    });

    it('C5: a second concurrent recv rejects BusyResourceError; the first still completes', async () => {
      const { a, b } = await kind.open();
      const first = b.recv(10);
      await expect(b.recv(10)).rejects.toBeInstanceOf(BusyResourceError);
      await expect(b.recvInto(new Uint8Array(4))).rejects.toBeInstanceOf(BusyResourceError);
      await a.sendAll(Buffer.from('ok'));
      expect((await first).toString()).toBe('ok');
    });

    it('S4: sendAllFromIterable sends every chunk in order; a bad chunk sends nothing', async () => {
      const { a, b } = await kind.open();
      const chunks = Array.from({ length: 1000 }, (_, i) => Buffer.from(`<${i}>`));
      await expect(a.sendAllFromIterable([Buffer.from('x'), 'bad' as unknown as Buffer])).rejects.toBeInstanceOf(TypeError);
      await a.sendAllFromIterable(chunks);
      await a.sendAllFromIterable([]);
      const expected = chunks.join('');
      expect((await readExactly(b, expected.length)).toString()).toBe(expected);
    });

    it('C8: bad arguments reject TypeError/RangeError before any I/O and lose nothing', async () => {
      const { a, b } = await kind.open();
      await expect(b.recv(-1)).rejects.toBeInstanceOf(RangeError);
      await expect(b.recv(1.5)).rejects.toBeInstanceOf(RangeError);
      await expect(b.recv('8' as unknown as number)).rejects.toBeInstanceOf(TypeError);
      await expect(b.recvInto('buf' as unknown as Uint8Array)).rejects.toBeInstanceOf(TypeError);
      await expect(a.sendAll('text' as unknown as Buffer)).rejects.toBeInstanceOf(TypeError);
      await expect(a.sendAll(Buffer.from('x'), { signal: 'no' as unknown as AbortSignal })).rejects.toBeInstanceOf(TypeError);
      await a.sendAll(Buffer.from('only this'));
      expect((await readExactly(b, 9)).toString()).toBe('only this');
    });

    it('C3: after aclose every operation rejects ClosedResourceError, including a pending recv and recv(0)', async () => {
      const { a, b } = await kind.open();
      const aSaw = readToEof(a).then(async (data) => (await a.aclose(), data));
      const pending = b.recv(10).catch((error: unknown) => error);
      await b.aclose();
      expect(await pending).toBeInstanceOf(ClosedResourceError);
      await expect(b.recv(10)).rejects.toBeInstanceOf(ClosedResourceError);
      await expect(b.recv(0)).rejects.toBeInstanceOf(ClosedResourceError);
      await expect(b.recvInto(new Uint8Array(1))).rejects.toBeInstanceOf(ClosedResourceError);
      await expect(b.sendAll(Buffer.from('x'))).rejects.toBeInstanceOf(ClosedResourceError);
      await expect(b.sendAllFromIterable([Buffer.from('x')])).rejects.toBeInstanceOf(ClosedResourceError);
      await expect(b.sendEof()).rejects.toBeInstanceOf(ClosedResourceError);
      expect((await aSaw).length).toBe(0);
    });

    it('C3: a sendAll pending at aclose rejects ClosedResourceError', async () => {
      const { a, b } = await kind.open({ highWaterMark: 16 * 1024 });
      const blocked = await blockWriter(a, b);
      await acloseForcefully(a);
      await expect(blocked.promise).rejects.toBeInstanceOf(ClosedResourceError);
    });

    it('C1: aclose is idempotent, concurrent calls share one close, isClosing is true from the first call', async () => {
      const { a, b } = await kind.open();
      const bSaw = readToEof(b).then(async (data) => (await b.aclose(), data));
      expect(a.isClosing()).toBe(false);
      const first = a.aclose();
      expect(a.isClosing()).toBe(true);
      const second = a.aclose();
      await Promise.all([first, second, a.aclose()]);
      expect((await bSaw).length).toBe(0);
    });

    it('S7: bytes sent before aclose reach the peer, followed by EOF', async () => {
      const { a, b } = await kind.open();
      const data = patternBytes(3 * MiB, 5);
      const received = readToEof(b).then(async (got) => (await b.aclose(), got));
      await a.sendAll(data);
      await a.aclose();
      expect((await received).equals(data)).toBe(true);
    });

    it('S7: closing with unread input still delivers everything: no reset makes the peer drop what it had not read', async () => {
      // `a` stops reading (its buffer is full) while the peer keeps sending; then `a` sends 3 MiB and closes.
      const { a, b } = await kind.open({ highWaterMark: 16 * 1024 });
      void b.sendAll(Buffer.alloc(256 * 1024)).catch(() => undefined);
      await waitFor(() => a.extra(StreamAttribute.bufferedBytes) >= 16 * 1024, 'a to stop reading');
      const data = patternBytes(3 * MiB, 6);
      const received = readToEof(b).then(async (got) => (await b.aclose(), got));
      await a.sendAll(data);
      await a.aclose();
      expect((await received).equals(data)).toBe(true);
    });

    it('C4: a peer failure rejects with BrokenResourceError carrying the Node error, and it is sticky', async () => {
      const { a, b } = await kind.open();
      kind.breakPeer(b);
      let failure: unknown;
      for (let i = 0; i < 1000 && failure === undefined; i++) {
        await a.sendAll(Buffer.alloc(64 * 1024)).catch((error: unknown) => (failure = error));
      }
      expect(failure).toBeInstanceOf(BrokenResourceError);
      expect(((failure as Error).cause as NodeJS.ErrnoException).code).toMatch(kind.brokenCause);
      await expect(a.sendAll(Buffer.from('again'))).rejects.toBeInstanceOf(BrokenResourceError);
      await expect(a.recv(10)).rejects.toBeInstanceOf(BrokenResourceError);
      await expect(a.recv(10)).rejects.toBeInstanceOf(BrokenResourceError);
      await a.aclose(); // closing a broken transport is fine
      await expect(a.recv(10)).rejects.toBeInstanceOf(ClosedResourceError); // C3: local close wins
    });

    it('C2: acloseForcefully never throws or hangs, even with a send blocked on a peer that does not read', async () => {
      const { a, b } = await kind.open({ highWaterMark: 16 * 1024 });
      const blocked = await blockWriter(a, b);
      await acloseForcefully(a);
      await acloseForcefully(a);
      expect(a.isClosing()).toBe(true);
      await expect(blocked.promise).rejects.toBeInstanceOf(ClosedResourceError);
    });

    it('C2: aclose with an already-aborted signal closes abruptly and rejects with the reason', async () => {
      const { a, b } = await kind.open();
      const reason = new Error('stop now');
      await expect(a.aclose({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(a.isClosing()).toBe(true);
      await expect(a.recv(1)).rejects.toBeInstanceOf(ClosedResourceError);
      // The peer sees the end (as EOF, or as a truncation over TLS): what matters is that it ends.
      await readToEof(b).catch(() => undefined);
    });

    if (kind.gracefulCloseCanWait) {
      it('C2: aborting a graceful aclose that waits on a stuck peer closes abruptly and rejects with the reason', async () => {
        const { a, b } = await kind.open({ highWaterMark: 16 * 1024 });
        void (await blockWriter(a, b)).promise.catch(() => undefined);
        const controller = new AbortController();
        const closing = track(a.aclose({ signal: controller.signal }));
        await ioTurns(5);
        expect(closing.settled).toBe(false);
        const reason = new Error('took too long');
        controller.abort(reason);
        await expect(closing.promise).rejects.toBe(reason);
        await a.aclose(); // the shared close finished too
      });
    }

    it('C6: aborting a pending recv rejects with the reason, loses no data and leaves the transport usable', async () => {
      const { a, b } = await kind.open();
      const controller = new AbortController();
      const pending = b.recv(10, { signal: controller.signal });
      const reason = new Error('changed my mind');
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      await expect(b.recv(10, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      await a.sendAll(Buffer.from('still here'));
      await expect(b.recv(3, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect((await readExactly(b, 10)).toString()).toBe('still here');
      expect(b.isClosing()).toBe(false);
    });

    it('C6: aborting a pending sendAll closes the transport abruptly', async () => {
      const { a, b } = await kind.open({ highWaterMark: 16 * 1024 });
      void (await blockWriter(a, b)).promise.catch(() => undefined);
      const controller = new AbortController();
      const pending = a.sendAll(Buffer.alloc(MiB), { signal: controller.signal });
      const reason = new Error('give up');
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      expect(a.isClosing()).toBe(true);
      await expect(a.sendAll(Buffer.from('x'))).rejects.toBeInstanceOf(ClosedResourceError);
    });

    it('C6: an already-aborted signal on sendAll rejects with the reason and has no other effect', async () => {
      const { a, b } = await kind.open();
      const reason = new Error('no');
      await expect(a.sendAll(Buffer.from('dropped'), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(a.isClosing()).toBe(false);
      await a.sendAll(Buffer.from('kept'));
      expect((await readExactly(b, 4)).toString()).toBe('kept');
    });

    it('C7: await using closes the transport', async () => {
      const { a, b } = await kind.open();
      const bSaw = readToEof(b).then(async (data) => (await b.aclose(), data));
      {
        await using scoped = a;
        await scoped.sendAll(Buffer.from('bye'));
      }
      expect(a.isClosing()).toBe(true);
      expect((await bSaw).toString()).toBe('bye');
    });

    it('S6: a peer writing far more than highWaterMark leaves at most highWaterMark + one chunk buffered; the writer blocks; every byte arrives in order', async () => {
      const highWaterMark = 64 * 1024;
      const total = 64 * MiB;
      const { a, b } = await kind.open({ highWaterMark });
      const chunk = 64 * 1024;
      const bound = highWaterMark + chunk;
      let written = 0;
      const writer = (async () => {
        for (let offset = 0; offset < total; offset += chunk) {
          const piece = Buffer.alloc(chunk, (offset / chunk) & 0xff);
          await a.sendAll(piece);
          written += chunk;
        }
      })();
      const buffered = (): number => b.extra(StreamAttribute.bufferedBytes);
      await waitFor(() => buffered() >= highWaterMark, 'the reader to fill to highWaterMark');
      await ioTurns(50);
      expect(buffered()).toBeLessThanOrEqual(bound);
      expect(written).toBeLessThan(total);

      let received = 0;
      let peak = 0;
      while (received < total) {
        peak = Math.max(peak, buffered());
        const got = await b.recv(chunk);
        expect(got.length).toBeGreaterThan(0);
        for (let i = 0; i < got.length; i += 4096) {
          expect(got[i]).toBe(((received + i) / chunk) & 0xff);
        }
        received += got.length;
      }
      await writer;
      expect(received).toBe(total);
      expect(peak).toBeLessThanOrEqual(bound);
    });
  });
}
