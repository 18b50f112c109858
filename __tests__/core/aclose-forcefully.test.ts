/** acloseForcefully (C2): closes at once through an aborted aclose, never rejects, never waits. */
import { acloseForcefully, createMemoryStreamPair, type AbortOptions } from '../../src';

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
