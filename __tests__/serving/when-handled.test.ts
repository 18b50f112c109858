import { NEVER, Observable, of, throwError } from 'rxjs';
import { whenHandled } from '../../src/serving/when-handled';

/** Records how whenHandled reported a result. */
function watch(result: Parameters<typeof whenHandled>[0]) {
  const events: unknown[] = [];
  const subscription = whenHandled(
    result,
    () => events.push('done'),
    (error) => events.push(['failed', error]),
  );
  return { events, subscription };
}

describe('whenHandled (how serve(handler) waits for one handler, L3/L4)', () => {
  it('L3: nothing returned is done at once, with nothing to tear down', () => {
    const { events, subscription } = watch(undefined);
    expect(events).toEqual(['done']);
    expect(subscription).toBeUndefined();
  });

  it('L3: a promise is done when it resolves and failed with its rejection', async () => {
    const resolved = watch(Promise.resolve(42));
    const rejected = watch(Promise.reject(new Error('boom')));
    expect(resolved.events).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved.events).toEqual(['done']);
    expect(rejected.events).toEqual([['failed', new Error('boom')]]);
  });

  it('L3: an Observable finished at once is reported at once, its values ignored, nothing to tear down', () => {
    expect(watch(of(1, 2, 3))).toEqual({ events: ['done'], subscription: undefined });
    expect(watch(throwError(() => new Error('no')))).toEqual({ events: [['failed', new Error('no')]], subscription: undefined });
  });

  it('L3: a result that is neither nothing nor an ObservableInput is the handler\'s failure, a TypeError; nothing throws', () => {
    for (const bad of [1, true, 0n, { not: 'a stream' }]) {
      const { events, subscription } = watch(bad as never);
      expect(events).toEqual([['failed', expect.any(TypeError)]]);
      expect(String((events[0] as [string, Error])[1].message)).toContain('neither nothing nor an ObservableInput');
      expect(subscription).toBeUndefined();
    }
  });

  it('L5: a running Observable hands back its subscription; unsubscribing tears it down and reports nothing', () => {
    let tornDown = false;
    const { events, subscription } = watch(new Observable(() => () => (tornDown = true)));
    expect(subscription?.closed).toBe(false);
    subscription?.unsubscribe();
    expect(tornDown).toBe(true);
    expect(events).toEqual([]);
    expect(watch(NEVER).events).toEqual([]);
  });
});
