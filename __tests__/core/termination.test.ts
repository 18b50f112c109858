/** TerminationRecorder (O1): the first cause is the reason, fixed once; the termination completes at close. */
import { firstValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { BrokenResourceError, IdleTimeoutError, TypedAttributeLookupError } from '../../src';
import {
  BROKEN_CONNECTION_CODES,
  reasonOf,
  RECORD_CAUSE,
  recordCause,
  terminationAttributes,
  TerminationRecorder,
  TransportAttribute,
  type Termination,
} from '../../src/core/termination';

function virtual(run: (scheduler: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(() => run(scheduler));
}

describe('TerminationRecorder', () => {
  test('O1: the first cause is the reason; a racing later one changes nothing', () => {
    virtual((scheduler) => {
      const recorder = new TerminationRecorder(scheduler, {});
      const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
      recorder.cause('peer-reset', reset);
      recorder.cause('local-close');
      recorder.closed('error');
      expect(recorder.termination).toMatchObject({ reason: 'peer-reset', error: reset });
    });
  });

  test('O1: closed() completes it with byte counts and the duration on the scheduler; a second close is ignored', () => {
    virtual((scheduler) => {
      const recorder = new TerminationRecorder(scheduler, {});
      scheduler.schedule(() => recorder.closed('local-close', { bytesReceived: 10, bytesSent: 20 }), 250);
      scheduler.schedule(() => recorder.closed('error', { bytesReceived: 0, bytesSent: 0 }), 300);
      scheduler.flush();
      expect(recorder.termination).toEqual({ reason: 'local-close', bytesReceived: 10, bytesSent: 20, durationMs: 250 });
    });
  });

  test('A3: before the close the termination is a lookup error, not undefined', () => {
    const recorder = new TerminationRecorder(new TestScheduler(() => undefined), {});
    expect(() => recorder.termination).toThrow(new TypedAttributeLookupError('the transport has not closed yet'));
  });

  test('terminated$ emits once at the close, and at once for a late subscriber; an unsubscribed one is forgotten', async () => {
    const recorder = new TerminationRecorder(new TestScheduler(() => undefined), {});
    const seen: Termination[] = [];
    recorder.terminated$.subscribe((termination) => seen.push(termination));
    recorder.terminated$.subscribe().unsubscribe();
    recorder.cause('peer-eof');
    expect(seen).toEqual([]);
    recorder.closed('local-close');
    expect(seen.map((t) => t.reason)).toEqual(['peer-eof']);
    expect((await firstValueFrom(recorder.terminated$)).reason).toBe('peer-eof');
  });

  test('reasonOf: resets and refusals are the peer, ERR_SSL_* is a TLS alert, idleness its own, the rest an error', () => {
    for (const code of ['ECONNRESET', 'EPIPE', 'ECONNREFUSED']) expect(reasonOf(Object.assign(new Error(code), { code }))).toBe('peer-reset');
    expect(reasonOf(Object.assign(new Error('alert'), { code: 'ERR_SSL_SSLV3_ALERT_BAD_RECORD_MAC' }))).toBe('tls-alert');
    expect(reasonOf(new IdleTimeoutError())).toBe('idle-timeout');
    // A layer above a transport sees its BrokenResourceError: the cause under it decides.
    const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    expect(reasonOf(new BrokenResourceError('broken', { cause: reset }))).toBe('peer-reset');
    expect(reasonOf(new BrokenResourceError('broken', { cause: new BrokenResourceError('below', { cause: reset }) }))).toBe('peer-reset');
    expect(reasonOf(new BrokenResourceError('broken'))).toBe('error');
    expect(reasonOf(new Error('other'))).toBe('error');
    expect(reasonOf(undefined)).toBe('error');
  });

  test('reasonOf: every code of a broken connection is the peer; an unknown or non-string code is an error', () => {
    expect([...BROKEN_CONNECTION_CODES].sort()).toEqual(['ECONNABORTED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT']);
    for (const code of BROKEN_CONNECTION_CODES) expect(reasonOf(Object.assign(new Error(code), { code }))).toBe('peer-reset');
    expect(reasonOf(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('error');
    // Only the prefix marks an OpenSSL error: a code that merely contains it is not one.
    expect(reasonOf(Object.assign(new Error('x'), { code: 'E_NOT_ERR_SSL' }))).toBe('error');
    expect(reasonOf(Object.assign(new Error('x'), { code: 104 }))).toBe('error');
    expect(reasonOf(null)).toBe('error');
  });

  test('O1: a termination without an error has no error key, and a cause after the close changes nothing', () => {
    const scheduler = new TestScheduler(() => undefined);
    const quiet = new TerminationRecorder(scheduler, {});
    quiet.closed('local-close');
    expect(Object.keys(quiet.termination).sort()).toEqual(['durationMs', 'reason']);
    const failed = new TerminationRecorder(scheduler, {});
    const error = new Error('boom');
    failed.closed('error');
    failed.cause('peer-reset', error);
    // Closed first: a later cause is too late to be the reason.
    expect(failed.termination).toStrictEqual({ reason: 'error', durationMs: 0 });
  });

  test('O1: a recorder made late counts the duration from the startedAt it is given', () => {
    virtual((scheduler) => {
      scheduler.schedule(() => {
        const recorder = new TerminationRecorder(scheduler, {}, 40);
        recorder.closed('local-close');
        expect(recorder.termination.durationMs).toBe(60);
      }, 100);
      scheduler.flush();
    });
  });

  test('terminated$: a subscriber that leaves before the close is not called, whichever order they subscribed in', () => {
    const recorder = new TerminationRecorder(new TestScheduler(() => undefined), {});
    const seen: string[] = [];
    const first = recorder.terminated$.subscribe(() => seen.push('first'));
    recorder.terminated$.subscribe(() => seen.push('second'));
    first.unsubscribe();
    recorder.closed('local-close');
    // RxJS alone keeps a closed subscriber from hearing it; the recorder's own removal of its
    // listener only frees memory, which no assertion here can see.
    expect(seen).toEqual(['second']);
    // Every listener ran once and was released: a second close notifies nobody again.
    recorder.closed('error');
    expect(seen).toEqual(['second']);
  });

  test('recordCause reaches a transport that keeps a record, and ignores one that does not', () => {
    const recorder = new TerminationRecorder(new TestScheduler(() => undefined), {});
    const error = new Error('handshake');
    const transport = { [RECORD_CAUSE]: (reason: 'handshake-failed', e?: unknown) => recorder.cause(reason, e) };
    recordCause(transport, 'handshake-failed', error);
    recordCause({}, 'handshake-failed', error);
    recordCause({ [RECORD_CAUSE]: 'not a function' }, 'handshake-failed', error);
    recorder.closed('local-close');
    expect(recorder.termination).toMatchObject({ reason: 'handshake-failed', error });
  });

  test('terminated$ completes right after its one value, for an early and a late subscriber', () => {
    const recorder = new TerminationRecorder(new TestScheduler(() => undefined), {});
    const events: string[] = [];
    const observe = (who: string) => recorder.terminated$.subscribe({ next: (t) => events.push(`${who} ${t.reason}`), complete: () => events.push(`${who} done`) });
    observe('early');
    recorder.closed('local-close');
    observe('late');
    expect(events).toEqual(['early local-close', 'early done', 'late local-close', 'late done']);
  });

  test('terminationAttributes publishes the recorder: termination once closed, terminated$ always', async () => {
    const recorder = new TerminationRecorder(new TestScheduler(() => undefined), {});
    const attributes = new Map(terminationAttributes(recorder));
    const termination = attributes.get(TransportAttribute.termination) as () => Termination;
    const terminated$ = attributes.get(TransportAttribute.terminated$) as () => typeof recorder.terminated$;
    expect(termination).toThrow(TypedAttributeLookupError);
    const seen = firstValueFrom(terminated$());
    recorder.closed('peer-eof');
    expect(termination().reason).toBe('peer-eof');
    expect(await seen).toBe(termination());
  });
});
