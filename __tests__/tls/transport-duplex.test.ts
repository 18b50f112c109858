/** TransportDuplex: a Node Duplex over any stream transport, reading what was already buffered first, at Node's pace. */
import { once } from 'node:events';
import { createMemoryStreamPair, StreamAttribute } from '../../src';
import { TransportDuplex } from '../../src/tls/transport-duplex';
import { readExactly } from '../support/bytes';

describe('TransportDuplex', () => {
  it('T2: bytes buffered in the inner transport before the Duplex existed come first; EOF is reported before the Duplex ends', async () => {
    const [a, b] = createMemoryStreamPair();
    await a.sendAll(Buffer.from('early '));
    let innerEof = false;
    const duplex = new TransportDuplex(b, () => (innerEof = true));
    await a.sendAll(Buffer.from('late'));
    await a.sendEof();
    const chunks: Buffer[] = [];
    duplex.on('data', (chunk: Buffer) => chunks.push(chunk));
    await once(duplex, 'end');
    expect(Buffer.concat(chunks).toString()).toBe('early late');
    expect(innerEof).toBe(true);
  });

  it('writes go to the inner transport in order; ending the Duplex does not close it', async () => {
    const [a, b] = createMemoryStreamPair();
    const duplex = new TransportDuplex(b, () => undefined);
    duplex.write('one ');
    duplex.write('two');
    duplex.end();
    await once(duplex, 'finish');
    expect((await readExactly(a, 7)).toString()).toBe('one two');
    expect(b.isClosing()).toBe(false);
  });

  it('S6: reads the inner transport only while Node takes the chunks; what it held waits there, in order', async () => {
    const [a, b] = createMemoryStreamPair();
    const chunk = (n: number): Buffer => Buffer.alloc(64 * 1024, n);
    for (const n of [1, 2, 3]) await a.sendAll(chunk(n));
    const duplex = new TransportDuplex(b, () => undefined);
    duplex.read(0); // Node asks for data: `b` offers the three chunks it holds at once
    await once(duplex, 'readable');
    // The first chunk fills Node's buffer (16 KiB by default on Node 20, 64 KiB later): reading stops there.
    expect(duplex.readableLength).toBe(64 * 1024);
    expect(b.extra(StreamAttribute.bufferedBytes)).toBe(128 * 1024);
    await a.sendEof();
    const got: Buffer[] = [];
    duplex.on('data', (data: Buffer) => got.push(data));
    await once(duplex, 'end');
    expect(Buffer.concat(got).equals(Buffer.concat([chunk(1), chunk(2), chunk(3)]))).toBe(true);
  });

  it('C6: destroying it aborts the read in flight without taking data from the inner transport', async () => {
    const [a, b] = createMemoryStreamPair();
    const duplex = new TransportDuplex(b, () => undefined);
    duplex.resume(); // starts a pending recv on `b`
    duplex.destroy();
    await once(duplex, 'close');
    await a.sendAll(Buffer.from('kept'));
    expect((await readExactly(b, 4)).toString()).toBe('kept');
  });
});
