/** The in-memory datagram pair obeys the datagram contract, plus its own options. */
import { createMemoryDatagramPair } from '../../src';
import { describeDatagramContract } from '../support/datagram-contract';
import { memoryDatagramKind } from '../support/datagram-pairs';
import { checkResources } from '../support/resources';

checkResources();
describeDatagramContract(memoryDatagramKind);

describe('createMemoryDatagramPair', () => {
  it('C8: rejects bad options with RangeError/TypeError', () => {
    expect(() => createMemoryDatagramPair({ maxQueuedDatagrams: 0 })).toThrow(RangeError);
    expect(() => createMemoryDatagramPair({ maxDatagramSize: -1 })).toThrow(RangeError);
    expect(() => createMemoryDatagramPair(3 as never)).toThrow(TypeError);
  });

  it('D1: maxDatagramSize bounds what send accepts', async () => {
    const [a, b] = createMemoryDatagramPair({ maxDatagramSize: 10 });
    await expect(a.send(Buffer.alloc(11))).rejects.toMatchObject({ code: 'EMSGSIZE' });
    await a.send(Buffer.alloc(10, 7));
    expect(await b.recv()).toEqual(Buffer.alloc(10, 7));
  });

  it('a datagram sent to a closed peer is lost silently, as with UDP', async () => {
    const [a, b] = createMemoryDatagramPair();
    await b.aclose();
    await expect(a.send(Buffer.from('into the void'))).resolves.toBeUndefined();
  });

  it('copies what it sends: the sender may reuse its buffer', async () => {
    const [a, b] = createMemoryDatagramPair();
    const buffer = Buffer.from('abc');
    await a.send(buffer);
    buffer.fill(0);
    expect((await b.recv()).toString()).toBe('abc');
  });
});
