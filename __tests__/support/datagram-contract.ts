/**
 * The datagram transport contract (docs/semantics.md C1-C8, D1-D2), written once and run against every
 * kind of datagram transport: each test names the ids it checks.
 */
import {
  acloseForcefully,
  BusyResourceError,
  ClosedResourceError,
  DatagramAttribute,
  TransportAttribute,
} from '../../src';
import { firstValueFrom } from 'rxjs';
import { patternBytes } from './bytes';
import type { DatagramKind } from './datagram-pairs';
import { waitFor } from './wait';

export function describeDatagramContract(kind: DatagramKind): void {
  describe(`datagram transport contract over ${kind.name}`, () => {
    it('O1: aclose ends as local-close, acloseForcefully as local-abort', async () => {
      const { a, b } = await kind.open();
      await a.aclose();
      await acloseForcefully(b);
      expect((await firstValueFrom(a.extra(TransportAttribute.terminated$))).reason).toBe('local-close');
      expect((await firstValueFrom(b.extra(TransportAttribute.terminated$))).reason).toBe('local-abort');
    });

    it('D1: datagrams arrive whole, never merged or split: 1 byte, 60 000 bytes, 5 bytes, both ways', async () => {
      const { a, b } = await kind.open();
      const datagrams = [patternBytes(1, 1), patternBytes(60_000, 2), patternBytes(5, 3)];
      for (const [from, to] of [
        [a, b],
        [b, a],
      ]) {
        for (const d of datagrams) await from.send(d);
        for (const d of datagrams) expect((await to.recv()).equals(d)).toBe(true);
      }
    });

    it('D1: every ArrayBufferView kind is sent as its bytes; an empty datagram is a datagram', async () => {
      const { a, b } = await kind.open();
      const source = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
      for (const view of [new Uint16Array(source.buffer), new DataView(source.buffer, 2, 4), new Uint8Array(0)]) {
        await a.send(view);
        expect(await b.recv()).toEqual(Buffer.from(view.buffer, view.byteOffset, view.byteLength));
      }
    });

    it('D1: a datagram too large for the path rejects with EMSGSIZE, sends nothing, and the transport still works', async () => {
      const { a, b } = await kind.open();
      await expect(a.send(Buffer.alloc(70_000))).rejects.toMatchObject({ code: 'EMSGSIZE' });
      expect(a.isClosing()).toBe(false);
      await a.send(Buffer.from('after'));
      expect((await b.recv()).toString()).toBe('after');
    });

    it('C5: a second concurrent recv rejects BusyResourceError; the first still completes', async () => {
      const { a, b } = await kind.open();
      const first = b.recv();
      await expect(b.recv()).rejects.toBeInstanceOf(BusyResourceError);
      await a.send(Buffer.from('one'));
      expect((await first).toString()).toBe('one');
    });

    it('C3: after aclose every operation rejects ClosedResourceError, including a pending recv', async () => {
      const { b } = await kind.open();
      const pending = b.recv();
      await b.aclose();
      await expect(pending).rejects.toBeInstanceOf(ClosedResourceError);
      await expect(b.recv()).rejects.toBeInstanceOf(ClosedResourceError);
      await expect(b.send(Buffer.from('x'))).rejects.toBeInstanceOf(ClosedResourceError);
    });

    it('C1/C2: aclose is idempotent and shared; acloseForcefully never throws; an aborted aclose closes and rejects', async () => {
      const { a, b } = await kind.open();
      const first = a.aclose();
      expect(a.isClosing()).toBe(true);
      await Promise.all([first, a.aclose()]);
      await acloseForcefully(a);
      const reason = new Error('now');
      await expect(b.aclose({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(b.isClosing()).toBe(true);
      await expect(b.recv()).rejects.toBeInstanceOf(ClosedResourceError);
    });

    it('C6: aborting a pending recv rejects with the reason, loses no datagram, leaves the transport usable', async () => {
      const { a, b } = await kind.open();
      const controller = new AbortController();
      const pending = b.recv({ signal: controller.signal });
      controller.abort(new Error('cancel'));
      await expect(pending).rejects.toThrow('cancel');
      await a.send(Buffer.from('kept'));
      await expect(b.recv({ signal: AbortSignal.abort(new Error('no')) })).rejects.toThrow('no');
      expect((await b.recv()).toString()).toBe('kept');
    });

    it('C8: bad arguments reject TypeError before any I/O', async () => {
      const { a, b } = await kind.open();
      await expect(a.send('text' as never)).rejects.toBeInstanceOf(TypeError);
      await expect(a.send(Buffer.from('x'), { signal: 1 as never })).rejects.toBeInstanceOf(TypeError);
      await expect(b.recv(3 as never)).rejects.toBeInstanceOf(TypeError);
      await a.send(Buffer.from('only'));
      expect((await b.recv()).toString()).toBe('only');
    });

    it('D2: unread datagrams wait in a bounded queue; beyond it new ones are dropped and counted', async () => {
      const limit = 8;
      const { a, b } = await kind.open({ maxQueuedDatagrams: limit });
      for (let i = 0; i < 3 * limit; i++) await a.send(Buffer.from([i]));
      const queued = (): number => b.extra(DatagramAttribute.queuedDatagrams);
      const dropped = (): number => b.extra(DatagramAttribute.droppedDatagrams);
      await waitFor(() => queued() + dropped() === 3 * limit, 'every datagram to be queued or dropped');
      expect(queued()).toBe(limit);
      expect(b.extra(DatagramAttribute.maxQueuedDatagrams)).toBe(limit);
      for (let i = 0; i < limit; i++) expect((await b.recv())[0]).toBe(i); // the first ones were kept, in order
    });

    it('C7: await using closes the transport', async () => {
      const { a } = await kind.open();
      {
        await using scoped = a;
        await scoped.send(Buffer.from('x'));
      }
      expect(a.isClosing()).toBe(true);
    });
  });
}
