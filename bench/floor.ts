/**
 * The promise API's floor: the least any `recv`/`sendAll` promise API over a Node socket can
 * cost, for the floor scenarios to measure beside raw Node. One promise per call and nothing
 * else: no argument checks, no closed or broken states, no bound on what is buffered, no
 * abort signal, no EOF. A ratio of rxnet to raw Node below 1 then splits into what every
 * promise API pays (the floor's own ratio) and what rxnet adds (the distance between the two).
 *
 * Not a library: it is wrong in every case rxnet's contract covers (a second `recv`, a failed
 * socket, backpressure), which is exactly what makes it the floor.
 */
import type * as dgram from 'node:dgram';
import type * as net from 'node:net';

const RESOLVED = Promise.resolve();

/** Chunks wait in an array; a `recv` that finds none waits for the next one. */
class Inbox {
  readonly #queue: Buffer[] = [];
  #waiting: ((chunk: Buffer) => void) | undefined;

  push(chunk: Buffer): void {
    const waiting = this.#waiting;
    if (waiting === undefined) this.#queue.push(chunk);
    else {
      this.#waiting = undefined;
      waiting(chunk);
    }
  }

  take(): Promise<Buffer> {
    const chunk = this.#queue.shift();
    if (chunk !== undefined) return Promise.resolve(chunk);
    return new Promise((resolve) => (this.#waiting = resolve));
  }
}

/** A TCP socket as one promise per `recv` and per `sendAll`. */
export class FloorStream {
  readonly #inbox = new Inbox();

  constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.#inbox.push(chunk));
  }

  recv(): Promise<Buffer> {
    return this.#inbox.take();
  }

  /** Resolved at once, as rxnet's is when the kernel took the bytes; backpressure is ignored. */
  sendAll(data: Buffer): Promise<void> {
    this.socket.write(data);
    return RESOLVED;
  }
}

/** A connected UDP socket as one promise per `recv` and per `send`. */
export class FloorDatagrams {
  readonly #inbox = new Inbox();

  constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (datagram: Buffer) => this.#inbox.push(datagram));
  }

  recv(): Promise<Buffer> {
    return this.#inbox.take();
  }

  /** Resolves when Node reports the datagram sent, as rxnet's `send` does. */
  send(data: Buffer, port?: number, address?: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error: Error | null): void => (error === null ? resolve() : reject(error));
      if (port === undefined) this.socket.send(data, done);
      else this.socket.send(data, port, address, done);
    });
  }
}
