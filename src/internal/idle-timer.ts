/**
 * The idle timeout of a transport (P3): `onIdle` runs once no `touch()` has come for `timeout`
 * ms. Costs one timestamp per `touch` (one per chunk received or send issued), never a timer
 * per chunk: the one timer, on the backend's scheduler, re-arms itself when it fires early,
 * for exactly the time left. Virtual under `TestScheduler.run`, like every rxnet timer.
 */
import { timer, type SchedulerLike, type Subscription } from 'rxjs';

// Its methods are TypeScript-private, not `#`: a class with `#` methods gives each instance a
// brand slot (8 bytes), and a server with an idle timeout holds one timer per connection.
export class IdleTimer {
  #lastActive: number;
  #timer: Subscription | undefined;

  /** Starts counting now. */
  constructor(
    readonly timeout: number,
    private readonly scheduler: SchedulerLike,
    private readonly onIdle: () => void,
  ) {
    this.#lastActive = scheduler.now();
    this.arm(timeout);
  }

  /** A byte moved: the idle time starts again. */
  touch(): void {
    this.#lastActive = this.scheduler.now();
  }

  /** No more timeout: the transport closed. Idempotent. */
  stop(): void {
    this.#timer?.unsubscribe();
    this.#timer = undefined;
  }

  private arm(delay: number): void {
    this.#timer = timer(delay, this.scheduler).subscribe(() => this.check());
  }

  private check(): void {
    const idleFor = this.scheduler.now() - this.#lastActive;
    if (idleFor >= this.timeout) {
      this.#timer = undefined;
      this.onIdle();
    } else {
      this.arm(this.timeout - idleFor);
    }
  }
}
