/** acloseForcefully (C2): closes at once through an aborted aclose, never rejects, never waits; resetForcefully, the same with a reset the peer sees (C4). */
import { firstValueFrom } from 'rxjs';
import { acloseForcefully, BrokenResourceError, createMemoryStreamPair, TransportAttribute, type AbortOptions, type AsyncStreamTransport } from '../../src';
import { resetForcefully } from '../../src/core/aclose-forcefully';
import { readToEof } from '../support/bytes';
import { tcpKind, tlsKind } from '../support/pairs';
import { checkResources } from '../support/resources';
import { tlsFixtures } from '../support/tls-fixtures';

describe('acloseForcefully', () => {
  it('C2: calls aclose with an already-aborted signal', async () => {
    const calls: Array<AbortSignal | undefined> = [];
    await acloseForcefully({
      aclose: async (options?: AbortOptions) => {
        calls.push(options?.signal);
      },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.aborted).toBe(true);
  });

  it('C2: never rejects, whatever aclose does', async () => {
    await expect(acloseForcefully({ aclose: () => Promise.reject(new Error('nope')) })).resolves.toBeUndefined();
    const [a] = createMemoryStreamPair();
    await expect(acloseForcefully(a)).resolves.toBeUndefined();
    expect(a.isClosing()).toBe(true);
  });
});

describe('resetForcefully', () => {
  checkResources();

  /** What the peer's next read fails with, after `close` ran on the other end. */
  async function peerSees(close: (t: AsyncStreamTransport) => Promise<void>, kind = tcpKind): Promise<unknown> {
    const { a, b } = await kind.open();
    await close(a);
    return readToEof(b).then(
      () => 'EOF',
      (error: unknown) => error,
    );
  }

  it('C4: over TCP the peer sees a reset (ECONNRESET), where acloseForcefully gives it a clean EOF', async () => {
    const reset = await peerSees(resetForcefully);
    expect(reset).toBeInstanceOf(BrokenResourceError);
    expect(((reset as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    expect(await peerSees(acloseForcefully)).toBe('EOF');
  });

  it('C4: a memory pair resets too; the local transport is closed either way', async () => {
    const [a, b] = createMemoryStreamPair();
    await resetForcefully(a);
    expect(a.isClosing()).toBe(true);
    await expect(b.recv(10)).rejects.toBeInstanceOf(BrokenResourceError);
  });

  it('C4: TLS over TCP resets the TCP connection under it', async () => {
    const fixtures = tlsFixtures();
    const reset = await peerSees(resetForcefully, tlsKind(tcpKind, true, { client: fixtures.client, server: fixtures.server }));
    expect(reset).toBeInstanceOf(BrokenResourceError);
  });

  it('C4/O1: a TLS read waiting when the TCP under it is reset fails, and the termination says peer-reset', async () => {
    const fixtures = tlsFixtures();
    const { a, b } = await tlsKind(tcpKind, true, { client: fixtures.client, server: fixtures.server }).open();
    const terminated = firstValueFrom(b.extra(TransportAttribute.terminated$));
    const waiting = b.recv(10);
    await resetForcefully(a);
    await expect(waiting).rejects.toBeInstanceOf(BrokenResourceError);
    await b.aclose();
    expect((await terminated).reason).toBe('peer-reset');
  });

  it('C2: without a reset to offer it is acloseForcefully: one aborted aclose, never a rejection', async () => {
    const calls: Array<AbortSignal | undefined> = [];
    await expect(resetForcefully({ aclose: async (options?: AbortOptions) => void calls.push(options?.signal) })).resolves.toBeUndefined();
    expect(calls.map((signal) => signal?.aborted)).toEqual([true]);
  });
});
