/** AbortSignal plumbing: validation, the race with a promise, and the abortable first value. */
import { NEVER, Observable, of } from 'rxjs';
import { closeAtOnce, firstValueAbortable, raceAbort, signalOf } from '../../src/internal/abort';

describe('abort helpers', () => {
  it('signalOf accepts undefined or an AbortSignal and rejects anything else with TypeError', () => {
    expect(signalOf(undefined, 'op')).toBeUndefined();
    expect(signalOf({}, 'op')).toBeUndefined();
    const signal = new AbortController().signal;
    expect(signalOf({ signal }, 'op')).toBe(signal);
    expect(() => signalOf({ signal: {} as AbortSignal }, 'op')).toThrow(TypeError);
    expect(() => signalOf(5 as never, 'op')).toThrow(TypeError);
  });

  it('raceAbort runs onAbort and rejects with the reason, at once for an aborted signal', async () => {
    let undone = 0;
    const reason = new Error('r');
    await expect(raceAbort(new Promise(() => undefined), AbortSignal.abort(reason), () => undone++)).rejects.toBe(reason);
    const controller = new AbortController();
    const racing = raceAbort(new Promise(() => undefined), controller.signal, () => undone++);
    controller.abort(reason);
    await expect(racing).rejects.toBe(reason);
    expect(undone).toBe(2);
    await expect(raceAbort(Promise.resolve(7), new AbortController().signal, () => undone++)).resolves.toBe(7);
    expect(undone).toBe(2);
  });

  it('firstValueAbortable unsubscribes on abort (running the teardown) and after the first value', async () => {
    let tornDown = 0;
    const source = new Observable<number>((s) => {
      s.next(1);
      return () => tornDown++;
    });
    await expect(firstValueAbortable(source, undefined)).resolves.toBe(1);
    expect(tornDown).toBe(1);
    const controller = new AbortController();
    const pending = firstValueAbortable(new Observable(() => () => tornDown++), controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(tornDown).toBe(2);
    await expect(firstValueAbortable(of(), undefined)).rejects.toThrow('completed without a value');
    await expect(firstValueAbortable(NEVER, AbortSignal.abort(new Error('x')))).rejects.toThrow('x');
  });

  it('closeAtOnce closes at once; an aborted signal still closes, then rejects with its reason; bad options close nothing', async () => {
    let closed = 0;
    await expect(closeAtOnce(undefined, () => closed++)).resolves.toBeUndefined();
    const reason = new Error('now');
    await expect(closeAtOnce({ signal: AbortSignal.abort(reason) }, () => closed++)).rejects.toBe(reason);
    expect(closed).toBe(2);
    await expect(closeAtOnce({ signal: 'x' as never }, () => closed++)).rejects.toBeInstanceOf(TypeError);
    expect(closed).toBe(2);
  });
});
