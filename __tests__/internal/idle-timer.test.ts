/** IdleTimer (P3) in virtual time: exact, re-armed lazily, one timer however many touches. */
import { TestScheduler } from 'rxjs/testing';
import { IdleTimer } from '../../src/internal/idle-timer';

function virtual(run: (scheduler: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(() => run(scheduler));
}

describe('IdleTimer', () => {
  test('P3: with no touch, onIdle runs once, exactly timeout ms after the start', () => {
    virtual((scheduler) => {
      const fired: number[] = [];
      new IdleTimer(100, scheduler, () => fired.push(scheduler.now()));
      scheduler.flush();
      expect(fired).toEqual([100]);
    });
  });

  test('P3: each touch moves the deadline to timeout ms after it', () => {
    virtual((scheduler) => {
      const fired: number[] = [];
      const idle = new IdleTimer(100, scheduler, () => fired.push(scheduler.now()));
      for (const at of [30, 90, 150]) scheduler.schedule(() => idle.touch(), at);
      scheduler.flush();
      expect(fired).toEqual([250]);
    });
  });

  test('a thousand touches between two checks cost no timer: the timer re-arms only when it fires', () => {
    virtual((scheduler) => {
      const fired: number[] = [];
      const idle = new IdleTimer(100, scheduler, () => fired.push(scheduler.now()));
      scheduler.schedule(() => {
        for (let i = 0; i < 1_000; i++) idle.touch();
      }, 50);
      scheduler.flush();
      expect(fired).toEqual([150]);
      expect(scheduler.actions).toHaveLength(0); // nothing left scheduled
    });
  });

  test('stop() before the deadline: onIdle never runs', () => {
    virtual((scheduler) => {
      let fired = false;
      const idle = new IdleTimer(100, scheduler, () => (fired = true));
      scheduler.schedule(() => idle.stop(), 99);
      scheduler.flush();
      expect(fired).toBe(false);
    });
  });
});
