/** The shared read side: a minimal subclass reads from its buffer or queue through recv, recv$, recvInto. */
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { defaultBackend, type AsyncBackend } from '../../src';
import { BufferedStreamTransport, QueuedDatagramTransport } from '../../src/reading/buffered';
import { DatagramQueue } from '../../src/reading/datagram-queue';
import { StreamReceiveBuffer } from '../../src/reading/stream-receive-buffer';

class StreamOverBuffer extends BufferedStreamTransport {
  constructor(readonly buffer: StreamReceiveBuffer) {
    super(buffer);
  }
  sendAll = (): Promise<void> => Promise.resolve();
  sendEof = (): Promise<void> => Promise.resolve();
  aclose = (): Promise<void> => Promise.resolve();
  isClosing = (): boolean => false;
  backend = (): AsyncBackend => defaultBackend;
}

class DatagramsOverQueue extends QueuedDatagramTransport {
  constructor(readonly queue: DatagramQueue) {
    super(queue);
  }
  send = (): Promise<void> => Promise.resolve();
  aclose = (): Promise<void> => Promise.resolve();
  isClosing = (): boolean => false;
  backend = (): AsyncBackend => defaultBackend;
}

it('BufferedStreamTransport: recv, recv$ and recvInto read the buffer; bad arguments reject first', async () => {
  const buffer = new StreamReceiveBuffer(1024, { pause: () => undefined, resume: () => undefined });
  const t = new StreamOverBuffer(buffer);
  buffer.push(Buffer.from('abcdef'));
  expect((await t.recv(2)).toString()).toBe('ab');
  expect((await firstValueFrom(t.recv$(2))).toString()).toBe('cd');
  const target = new Uint8Array(8);
  expect(await t.recvInto(target)).toBe(2);
  await expect(t.recv(-1)).rejects.toBeInstanceOf(RangeError);
  await expect(t.recvInto('x' as never)).rejects.toBeInstanceOf(TypeError);
  expect(() => t.recv$(1.5)).toThrow(RangeError);
});

it('BufferedStreamTransport: chunks$ reads every chunk until EOF; a size of 0 is refused before reading', async () => {
  const buffer = new StreamReceiveBuffer(1024, { pause: () => undefined, resume: () => undefined });
  const t = new StreamOverBuffer(buffer);
  buffer.push(Buffer.from('abcde'));
  buffer.end();
  expect((await lastValueFrom(t.chunks$(2).pipe(toArray()))).map(String)).toEqual(['ab', 'cd', 'e']);
  expect(() => t.chunks$(0)).toThrow('chunks$: bufsize must be positive, got 0');
});

it('QueuedDatagramTransport: recv and recv$ take whole datagrams from the queue', async () => {
  const queue = new DatagramQueue(4);
  const t = new DatagramsOverQueue(queue);
  queue.push(Buffer.from('one'));
  queue.push(Buffer.from('two'));
  expect((await t.recv()).toString()).toBe('one');
  expect((await firstValueFrom(t.recv$())).toString()).toBe('two');
  await expect(t.recv({ signal: 'x' as never })).rejects.toBeInstanceOf(TypeError);
});
