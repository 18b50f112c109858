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
  listenUdp,
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

  it('C8: every bad argument is named in its error, with the entry point that took it', async () => {
    const cases: [() => Promise<unknown>, ErrorConstructor, RegExp][] = [
      [() => connectTcp('', 80), TypeError, /^connectTcp: host must not be empty$/],
      [() => connectTcp('127.0.0.1', 0), RangeError, /^connectTcp: port must be an integer in 1\.\.65535, got 0$/],
      [() => connectTcp('127.0.0.1', 80, { localAddress: '' }), TypeError, /^connectTcp: options\.localAddress must not be empty$/],
      [() => connectTcp('127.0.0.1', 80, { localPort: -1 }), RangeError, /^connectTcp: options\.localPort must be an integer in 0\.\.65535/],
      [() => connectTcp('127.0.0.1', 80, 1 as never), TypeError, /^connectTcp: options must be an object/],
      [() => connectTcp('127.0.0.1', 80, { timeout: 1.5 }), RangeError, /^connectTcp: options\.timeout /],
      [() => connectTcp('127.0.0.1', 80, { highWaterMark: 0 }), RangeError, /^connectTcp: options\.highWaterMark must be positive/],
      [() => connectTcp('127.0.0.1', 80, { idleTimeout: 0 }), RangeError, /^connectTcp: options\.idleTimeout must be positive/],
      [() => connectTcp('127.0.0.1', 80, { signal: {} as never }), TypeError, /^connectTcp: options\.signal must be an AbortSignal$/],
      [() => connectUnix(''), TypeError, /^connectUnix: path must not be empty$/],
      [() => connectUnix('/x', { timeout: -1 }), RangeError, /^connectUnix: options\.timeout /],
      [() => listenTcp(7 as never), TypeError, /^listenTcp: options must be an object, got number$/],
      [() => listenUnix('/x', 'x' as never), TypeError, /^listenUnix: options must be an object, got string$/],
      [() => listenUnix('/x', { signal: {} as never }), TypeError, /^listenUnix: options\.signal must be an AbortSignal$/],
      [() => connectUnix('/x', 7 as never), TypeError, /^connectUnix: options must be an object, got number$/],
      [() => listenTcp({ host: '' }), TypeError, /^listenTcp: options\.host must not be empty$/],
      [() => listenTcp({ port: 65536 }), RangeError, /^listenTcp: options\.port must be an integer in 0\.\.65535/],
      [() => listenTcp({ backlog: -1 }), RangeError, /^listenTcp: options\.backlog /],
      [() => listenTcp({ highWaterMark: 0 }), RangeError, /^listenTcp: options\.highWaterMark must be positive/],
      [() => listenTcp({ maxQueuedConnections: -1 }), RangeError, /^listenTcp: options\.maxQueuedConnections /],
      [() => listenTcp({ idleTimeout: 0 }), RangeError, /^listenTcp: options\.idleTimeout must be positive/],
      [() => listenTcp({ maxConnections: 0 }), RangeError, /^listenTcp: options\.maxConnections must be positive/],
      [() => listenTcp({ reusePort: 1 as never }), TypeError, /^listenTcp: options\.reusePort must be a boolean$/],
      [() => listenTcp({ signal: 'x' as never }), TypeError, /^listenTcp: options\.signal must be an AbortSignal$/],
      [() => listenUnix(''), TypeError, /^listenUnix: path must not be empty$/],
      [() => listenUnix('/x', { backlog: 1.5 }), RangeError, /^listenUnix: options\.backlog /],
      [() => connectUdp('', 53), TypeError, /^connectUdp: host must not be empty$/],
      [() => connectUdp('127.0.0.1', 0), RangeError, /^connectUdp: port must be an integer in 1\.\.65535/],
      [() => connectUdp('127.0.0.1', 53, null as never), TypeError, /^connectUdp: options must be an object/],
      [() => connectUdp('127.0.0.1', 53, { family: 'IPv5' as never }), TypeError, /^connectUdp: options\.family must be 'IPv4' or 'IPv6', got "IPv5"$/],
      [() => connectUdp('127.0.0.1', 53, { maxQueuedDatagrams: 0 }), RangeError, /^connectUdp: options\.maxQueuedDatagrams must be positive/],
      [() => connectUdp('127.0.0.1', 53, { localAddress: 5 as never }), TypeError, /^connectUdp: options\.localAddress must be an object \{ host, port \}$/],
      [() => connectUdp('127.0.0.1', 53, { localAddress: null as never }), TypeError, /^connectUdp: options\.localAddress must be an object/],
      [() => connectUdp('127.0.0.1', 53, { localAddress: { host: 'nope', port: 0 } }), TypeError, /^connectUdp: options\.localAddress\.host must be an IP address literal$/],
      [() => connectUdp('127.0.0.1', 53, { localAddress: { host: '127.0.0.1', port: -1 } }), RangeError, /^connectUdp: options\.localAddress\.port must be an integer in 0\.\.65535/],
      [() => connectUdp('127.0.0.1', 53, { signal: 1 as never }), TypeError, /^connectUdp: options\.signal must be an AbortSignal$/],
      [() => listenUdp(1 as never), TypeError, /^listenUdp: options must be an object/],
      [() => listenUdp({ host: '' }), TypeError, /^listenUdp: options\.host must not be empty$/],
      [() => listenUdp({ port: -1 }), RangeError, /^listenUdp: options\.port must be an integer in 0\.\.65535/],
      [() => listenUdp({ family: 'IPX' as never }), TypeError, /^listenUdp: options\.family must be 'IPv4' or 'IPv6'/],
      [() => listenUdp({ reusePort: 'no' as never }), TypeError, /^listenUdp: options\.reusePort must be a boolean$/],
      [() => listenUdp({ maxQueuedDatagrams: -1 }), RangeError, /^listenUdp: options\.maxQueuedDatagrams /],
      [() => listenUdp({ signal: {} as never }), TypeError, /^listenUdp: options\.signal must be an AbortSignal$/],
    ];
    for (const [call, kind, message] of cases) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(kind);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('C8: the edge values that mean something are accepted: maxConnections Infinity (no limit), maxQueuedDatagrams 0', async () => {
    own(await listenTcp({ host: '127.0.0.1', maxConnections: Infinity }));
    own(await listenUdp({ host: '127.0.0.1', maxQueuedDatagrams: 0 }));
  });

  // Skipped where reusePort works (22.12+): there is no refusal to check, and the reusePort tests above check the sharing itself.
  (nodeSupportsReusePort() ? it.skip : it)('reusePort on a Node without it names the entry point and the version', async () => {
    await expect(listenTcp({ reusePort: true })).rejects.toThrow(`listenTcp: reusePort needs Node 22.12+ (this is ${process.version})`);
    await expect(listenUdp({ reusePort: true })).rejects.toThrow(`listenUdp: reusePort needs Node 22.12+ (this is ${process.version})`);
  });

  it('connectTcp binds the local end where asked: localAddress and localPort reach the socket', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    const localPort = await freePort();
    const client = own(await connectTcp('127.0.0.1', portOf(listener), { localAddress: '127.0.0.1', localPort }));
    expect(client.extra(SocketAttribute.localAddress)).toEqual({ host: '127.0.0.1', port: localPort });
  });

  it('listenTcp and listenUnix hand backlog and the address to the server', async () => {
    const listen = jest.spyOn(netModule.Server.prototype, 'listen');
    try {
      own(await listenTcp({ host: '127.0.0.1', backlog: 7 }));
      expect(listen.mock.calls[0][0]).toMatchObject({ host: '127.0.0.1', port: 0, backlog: 7 });
      const path = socketPath('backlog.sock');
      own(await listenUnix(path, { backlog: 3 }));
      expect(listen.mock.calls[1][0]).toMatchObject({ path, backlog: 3 });
    } finally {
      listen.mockRestore();
    }
  });

  it('connectUdp binds the local end where asked, and the peer sees datagrams from it', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    const port = (listener.extra(SocketAttribute.localAddress) as InetAddress).port;
    const local = own(await listenUdp({ host: '127.0.0.1' }));
    const localAddress = local.extra(SocketAttribute.localAddress) as InetAddress;
    await local.aclose();
    const client = own(await connectUdp('127.0.0.1', port, { localAddress }));
    expect(client.extra(SocketAttribute.localAddress)).toEqual(localAddress);
    const from = new Promise<InetAddress>((resolve) => listener.serve((_datagram, address) => resolve(address)).subscribe());
    await client.send(Buffer.from('hi'));
    expect(await from).toEqual(localAddress);
  });

  it('listenUdp: family IPv4 binds 0.0.0.0, family IPv6 binds :: for IPv6 only, no family binds :: dual-stack', async () => {
    const v4 = own(await listenUdp({ family: 'IPv4' }));
    expect(v4.extra(SocketAttribute.localAddress)).toMatchObject({ host: '0.0.0.0' });
    expect(v4.extra(SocketAttribute.family)).toBe('IPv4');
    const v6 = own(await listenUdp({ family: 'IPv6' }));
    expect(v6.extra(SocketAttribute.localAddress)).toMatchObject({ host: '::' });
    expect(v6.extra(SocketAttribute.family)).toBe('IPv6');
    const dual = own(await listenUdp());
    const port = (dual.extra(SocketAttribute.localAddress) as InetAddress).port;
    const received = new Promise<Buffer>((resolve) => dual.serve((datagram) => resolve(datagram)).subscribe());
    const client = own(await connectUdp('127.0.0.1', port));
    await client.send(Buffer.from('v4 into dual'));
    expect((await received).toString()).toBe('v4 into dual');
  });

  it('listenUdp binds one listener per address of a name, sharing one port', async () => {
    const listeners = (await new NodeBackend().createUdpListeners({ host: 'localhost' })).map(own);
    expect(listeners.length).toBeGreaterThanOrEqual(1);
    const ports = new Set(listeners.map((l) => (l.extra(SocketAttribute.localAddress) as InetAddress).port));
    expect(ports.size).toBe(1);
    expect([...ports][0]).toBeGreaterThan(0);
  });

  it('an aborted signal rejects every factory with its reason before any socket exists', async () => {
    const reason = new Error('not now');
    const signal = AbortSignal.abort(reason);
    await expect(connectUdp('127.0.0.1', 9, { signal })).rejects.toBe(reason);
    await expect(listenUdp({ signal })).rejects.toBe(reason);
    await expect(listenUnix(socketPath('aborted.sock'), { signal })).rejects.toBe(reason);
    await expect(connectUnix(socketPath('aborted.sock'), { signal })).rejects.toBe(reason);
  });

  it('listenTcp({ noDelay: false }) leaves Nagle on for accepted sockets', async () => {
    const createServer = jest.spyOn(netModule, 'createServer');
    const setNoDelay = jest.spyOn(net.Socket.prototype, 'setNoDelay');
    try {
      const listener = own(await listenTcp({ host: '127.0.0.1', noDelay: false }));
      const accepted = new Promise<void>((resolve) => listener.serve(() => resolve()).subscribe());
      own(await connectTcp('127.0.0.1', portOf(listener), { noDelay: false }));
      await accepted;
      // Node sets TCP_NODELAY on each accepted handle when the server's noDelay says so.
      expect(createServer.mock.calls[0][0]).toMatchObject({ noDelay: false, allowHalfOpen: true, pauseOnConnect: true });
      expect(setNoDelay).not.toHaveBeenCalledWith(true);
    } finally {
      createServer.mockRestore();
      setNoDelay.mockRestore();
    }
  });

  it('S5: a Unix client half-open after the peer\'s EOF can still send', async () => {
    const path = socketPath('half-open.sock');
    const listener = own(await listenUnix(path));
    const received = new Promise<string>((resolve) =>
      listener
        .serve(async (t) => {
          await t.sendEof();
          resolve((await t.recv(100)).toString());
        })
        .subscribe(),
    );
    const client = own(await connectUnix(path));
    expect((await client.recv(10)).length).toBe(0);
    await client.sendAll(Buffer.from('after your EOF'));
    expect(await received).toBe('after your EOF');
  });

  it('C8: connectUdp with a local address in use rejects EADDRINUSE and leaves nothing open', async () => {
    const taken = own(await listenUdp({ host: '127.0.0.1' }));
    const localAddress = taken.extra(SocketAttribute.localAddress) as InetAddress;
    await expect(connectUdp('127.0.0.1', 9, { localAddress })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('listenUdp({ family: "IPv6" }) is IPv6 only: an IPv4 socket can take the same port beside it', async () => {
    const v6 = own(await listenUdp({ family: 'IPv6' }));
    const { port } = v6.extra(SocketAttribute.localAddress) as InetAddress;
    // A dual-stack socket would hold the IPv4 port too, and this bind would fail EADDRINUSE.
    const v4 = own(await listenUdp({ family: 'IPv4', port }));
    expect(v4.extra(SocketAttribute.localAddress)).toEqual({ host: '0.0.0.0', port });
  });

  it('C8: listenUnix on a path someone listens on rejects EADDRINUSE and leaves the live socket alone', async () => {
    const path = socketPath('live.sock');
    const live = own(await listenUnix(path));
    await expect(listenUnix(path)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    // The probe that found the path live is gone, and the first listener still accepts.
    own(await connectUnix(path));
    expect(live.isClosing()).toBe(false);
  });

  it('an abort while a listener binds rejects with its reason and closes the half-bound server', async () => {
    const close = jest.spyOn(netModule.Server.prototype, 'close');
    try {
      const backend = new NodeBackend();
      const binds = [
        (signal: AbortSignal) => backend.createTcpListeners({ host: '127.0.0.1', signal }),
        (signal: AbortSignal) => backend.createUnixStreamListener(socketPath('abort-bind.sock'), { signal }),
      ];
      for (const listen of binds) {
        const controller = new AbortController();
        const reason = new Error('stop binding');
        const listening = listen(controller.signal);
        controller.abort(reason);
        await expect(listening).rejects.toBe(reason);
      }
      expect(close).toHaveBeenCalledTimes(2);
    } finally {
      close.mockRestore();
    }
  });

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
    const createServer = jest.spyOn(netModule, 'createServer');
    try {
      const listener = own(await listenTcp({ host: '127.0.0.1' }));
      const accepted = new Promise<void>((resolve) => listener.serve(() => resolve()).subscribe());
      own(await connectTcp('127.0.0.1', portOf(listener)));
      await accepted;
      expect(connect.mock.calls[0][0]).toMatchObject({ noDelay: true, allowHalfOpen: true });
      expect(createServer.mock.calls[0][0]).toMatchObject({ noDelay: true });
      own(await connectTcp('127.0.0.1', portOf(listener), { noDelay: false }));
      expect(connect.mock.calls[1][0]).toMatchObject({ noDelay: false });
    } finally {
      connect.mockRestore();
      createServer.mockRestore();
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
