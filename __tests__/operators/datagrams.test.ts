/** datagrams: a datagram transport's datagrams as an Observable, over real UDP. */
import { firstValueFrom, lastValueFrom, take, throwError, toArray } from 'rxjs';
import { BrokenResourceError, ClosedResourceError, datagrams, type AsyncDatagramTransport } from '../../src';
import { udp4Kind } from '../support/datagram-pairs';
import { checkResources } from '../support/resources';

checkResources();

describe('datagrams', () => {
  it('emits whole datagrams in order, and completes when the transport is closed locally', async () => {
    const { a, b } = await udp4Kind.open();
    const firstTwo = firstValueFrom(datagrams(b).pipe(take(2), toArray()));
    await a.send(Buffer.from('one'));
    await a.send(Buffer.from('two'));
    expect((await firstTwo).map(String)).toEqual(['one', 'two']);
    let completed = false;
    datagrams(b).subscribe({ complete: () => (completed = true) });
    await b.aclose();
    expect(completed).toBe(true);
  });

  it('C3/C4: errors with a read failure; a ClosedResourceError ends it quietly only when the transport itself is closing', async () => {
    // A transport whose reads fail as given: what a real socket cannot be made to do on demand.
    const failing = (error: Error, closing: boolean) =>
      ({ recv$: () => throwError(() => error), isClosing: () => closing }) as unknown as AsyncDatagramTransport;
    const broken = new BrokenResourceError('peer gone');
    await expect(lastValueFrom(datagrams(failing(broken, false)))).rejects.toBe(broken);
    await expect(lastValueFrom(datagrams(failing(broken, true)))).rejects.toBe(broken);
    // Closed from elsewhere (the layer below), not by closing this transport: an error to see.
    const closedBelow = new ClosedResourceError('inner closed');
    await expect(lastValueFrom(datagrams(failing(closedBelow, false)))).rejects.toBe(closedBelow);
    await expect(lastValueFrom(datagrams(failing(closedBelow, true)), { defaultValue: 'completed' })).resolves.toBe('completed');
  });

  it('C8: refuses what is not a datagram transport', () => {
    expect(() => datagrams({} as never)).toThrow(TypeError);
    expect(() => datagrams(undefined as never)).toThrow(/^datagrams: transport must be/);
  });
});
