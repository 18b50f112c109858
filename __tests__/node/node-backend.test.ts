/**
 * NodeBackend's factories: argument checks before any I/O (C8), Node's errors kept on connect
 * and bind failures, connect timeouts on the backend's scheduler, abort, and nothing left open.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';
import { join } from 'node:path';
import { TimeoutError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  connectTcp,
  connectUdp,
  connectUnix,
  listenTcp,
  listenUnix,
  NodeBackend,
  SocketAttribute,
  UnsupportedOperation,
  type InetAddress,
} from '../../src';
import { portOf } from '../support/pairs';
import { checkResources, own } from '../support/resources';
import { socketPath } from '../support/temp';

checkResources();

// The CommonJS module object: what src's `import * as net` reads through, and what a spy can patch.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const netModule = require('node:net') as typeof net;

/** A port nothing listens on: bound, read, and released. */
async function freePort(): Promise<number> {
  const listener = await listenTcp({ host: '127.0.0.1' });
  const port = portOf(listener);
  await listener.aclose();
  return port;
}

function nodeSupportsReusePort(): boolean {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

describe('NodeBackend', () => {
  it('C8: bad connect arguments throw TypeError/RangeError before any socket is opened', async () => {
    const connect = jest.spyOn(netModule, 'connect');
    try {
      await expect(connectTcp('127.0.0.1', 70000)).rejects.toBeInstanceOf(RangeError);
      await expect(connectTcp('127.0.0.1', 0)).rejects.toBeInstanceOf(RangeError);
      await expect(connectTcp('127.0.0.1', '80' as never)).rejects.toBeInstanceOf(TypeError);
      await expect(connectTcp('', 80)).rejects.toBeInstanceOf(TypeError);
      await expect(connectTcp(5 as never, 80)).rejects.toBeInstanceOf(TypeError);
      await expect(connectTcp('127.0.0.1', 80, { timeout: -1 })).rejects.toBeInstanceOf(RangeError);
      await expect(connectTcp('127.0.0.1', 80, { highWaterMark: 0 })).rejects.toBeInstanceOf(RangeError);
      await expect(connectTcp('127.0.0.1', 80, { signal: 'x' as never })).rejects.toBeInstanceOf(TypeError);
      await expect(connectTcp('127.0.0.1', 80, { localPort: 99999 })).rejects.toBeInstanceOf(RangeError);
      await expect(connectTcp('127.0.0.1', 80, { idleTimeout: -1 })).rejects.toBeInstanceOf(RangeError);
      await expect(connectTcp('127.0.0.1', 80, { idleTimeout: 0 })).rejects.toBeInstanceOf(RangeError);
      await expect(connectUnix('/x', { idleTimeout: '5' as never })).rejects.toBeInstanceOf(TypeError);
      await expect(connectUnix('')).rejects.toBeInstanceOf(TypeError);
      expect(connect).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
    }
  });

  it('C8: bad listen arguments throw before binding', async () => {
    await expect(listenTcp({ port: -1 })).rejects.toBeInstanceOf(RangeError);
    await expect(listenTcp({ port: 65536 })).rejects.toBeInstanceOf(RangeError);
    await expect(listenTcp({ host: '' })).rejects.toBeInstanceOf(TypeError);
    await expect(listenTcp({ backlog: -3 })).rejects.toBeInstanceOf(RangeError);
    await expect(listenTcp({ maxQueuedConnections: 1.5 })).rejects.toBeInstanceOf(RangeError);
    await expect(listenTcp({ reusePort: 'yes' as never })).rejects.toBeInstanceOf(TypeError);
    await expect(listenTcp(7 as never)).rejects.toBeInstanceOf(TypeError);
    await expect(listenUnix(undefined as never)).rejects.toBeInstanceOf(TypeError);
  });

  it('C8/P2/P3: bad maxConnections and idleTimeout throw before binding', async () => {
    const listen = jest.spyOn(netModule.Server.prototype, 'listen');
    try {
      await expect(listenTcp({ maxConnections: 0 })).rejects.toBeInstanceOf(RangeError);
      await expect(listenTcp({ maxConnections: 2.5 })).rejects.toBeInstanceOf(RangeError);
      await expect(listenTcp({ maxConnections: '10' as never })).rejects.toBeInstanceOf(TypeError);
      await expect(listenTcp({ idleTimeout: -1 })).rejects.toBeInstanceOf(RangeError);
      await expect(listenUnix('/tmp/never', { idleTimeout: Number.NaN })).rejects.toBeInstanceOf(RangeError);
      expect(listen).not.toHaveBeenCalled();
    } finally {
      listen.mockRestore();
    }
  });

  it('C8: a refused connect rejects with Node error ECONNREFUSED and leaves nothing open', async () => {
    const port = await freePort();
    await expect(connectTcp('127.0.0.1', port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('C8: a missing Unix path rejects with ENOENT', async () => {
    await expect(connectUnix(socketPath('absent.sock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('C8: listening on a port in use rejects with EADDRINUSE and leaves nothing bound', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    await expect(listenTcp({ host: '127.0.0.1', port: portOf(listener) })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('reusePort needs Node 22.12+ for TCP: elsewhere it rejects UnsupportedOperation rather than being ignored', async () => {
    if (nodeSupportsReusePort()) {
      const first = own(await listenTcp({ host: '127.0.0.1', reusePort: true }));
      own(await listenTcp({ host: '127.0.0.1', port: portOf(first), reusePort: true }));
    } else {
      await expect(listenTcp({ host: '127.0.0.1', reusePort: true })).rejects.toBeInstanceOf(UnsupportedOperation);
    }
  });

  (nodeSupportsReusePort() ? it : it.skip)('reusePort, UDP: two processes bound to one port both receive datagrams (the kernel spreads them)', async () => {
    const start = (port: number) =>
      fork(join(__dirname, '..', 'support', 'reuse-port-worker.ts'), [String(port)], { execArgv: ['-r', 'ts-node/register'] });
    const first = start(0);
    const [port] = (await once(first, 'message')) as [number];
    const second = start(port);
    await once(second, 'message');
    try {
      const pids = new Set<string>();
      // Each client socket has its own source port, which the kernel hashes to pick a receiver.
      for (let i = 0; i < 64 && pids.size < 2; i++) {
        const client = own(await connectUdp('127.0.0.1', port));
        await client.send(Buffer.from('who?'));
        pids.add((await client.recv()).toString());
        await client.aclose();
      }
      expect([...pids].sort()).toEqual([String(first.pid), String(second.pid)].sort());
    } finally {
      for (const child of [first, second]) {
        child.disconnect();
        await once(child, 'exit');
      }
    }
  }, 60_000);

  it('an aborted signal rejects connect with its reason; nothing stays open', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    const reason = new Error('not now');
    await expect(connectTcp('127.0.0.1', portOf(listener), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(listenTcp({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('the connect timeout runs on the backend scheduler: virtual time fires it, and the socket is destroyed', async () => {
    const opened: net.Socket[] = [];
    const connect = jest.spyOn(netModule, 'connect').mockImplementation(() => {
      // A connect that never completes, as to a black-holed address.
      const socket = new net.Socket();
      jest.spyOn(socket, 'destroy');
      opened.push(socket);
      return socket;
    });
    try {
      const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      let attempt: Promise<unknown> = Promise.resolve();
      scheduler.run(({ flush }) => {
        attempt = new NodeBackend(scheduler).createTcpConnection('192.0.2.1', 9, { timeout: 5000 });
        flush();
      });
      await expect(attempt).rejects.toBeInstanceOf(TimeoutError);
      expect(opened).toHaveLength(1);
      expect(opened[0].destroy).toHaveBeenCalled();
    } finally {
      connect.mockRestore();
    }
  });

  it('TCP_NODELAY is requested on both ends by default, and can be turned off', async () => {
    const connect = jest.spyOn(netModule, 'connect');
    const setNoDelay = jest.spyOn(net.Socket.prototype, 'setNoDelay');
    try {
      const listener = own(await listenTcp({ host: '127.0.0.1' }));
      const accepted = new Promise<void>((resolve) => listener.serve(() => resolve()).subscribe());
      own(await connectTcp('127.0.0.1', portOf(listener)));
      await accepted;
      expect(connect.mock.calls[0][0]).toMatchObject({ noDelay: true, allowHalfOpen: true });
      expect(setNoDelay).toHaveBeenCalledWith(true);
      own(await connectTcp('127.0.0.1', portOf(listener), { noDelay: false }));
      expect(connect.mock.calls[1][0]).toMatchObject({ noDelay: false });
    } finally {
      connect.mockRestore();
      setNoDelay.mockRestore();
    }
  });

  it('createTcpListeners binds one listener per address of a name, sharing one port', async () => {
    const backend = new NodeBackend();
    const listeners = (await backend.createTcpListeners({ host: 'localhost' })).map(own);
    expect(listeners.length).toBeGreaterThanOrEqual(1);
    const ports = new Set(listeners.map((l) => (l.extra(SocketAttribute.localAddress) as InetAddress).port));
    expect(ports.size).toBe(1);
  });

  it('host omitted binds every interface: both 127.0.0.1 and ::1 reach it', async () => {
    const listener = own(await listenTcp());
    const port = portOf(listener);
    own(await connectTcp('127.0.0.1', port));
    const hasIpv6 = await new Promise<boolean>((resolve) => {
      const probe = net.createServer().once('error', () => resolve(false));
      probe.listen(0, '::1', () => probe.close(() => resolve(true)));
    });
    if (hasIpv6) own(await connectTcp('::1', port));
  });
});
