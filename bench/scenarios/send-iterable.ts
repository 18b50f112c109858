/** 1 000 small chunks: one sendAllFromIterable (corked writev) against 1 000 sendAll calls. Both rxnet; no target. */
import { connectTcp, listenTcp, SocketAttribute, type InetAddress } from '../../src';
import { check, type Scenario } from '../scenario';

async function measure(batched: boolean, rounds: number): Promise<number> {
  const listener = await listenTcp({ host: '127.0.0.1' });
  const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  const chunks = Array.from({ length: 1000 }, () => Buffer.alloc(32, 5));
  const total = rounds * 1000 * 32;
  const received = new Promise<number>((resolve) => {
    listener
      .serve(async (t) => {
        let got = 0;
        while (got < total) got += (await t.recv(65536)).length;
        resolve(got);
      })
      .subscribe();
  });
  const client = await connectTcp('127.0.0.1', port);
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    if (batched) await client.sendAllFromIterable(chunks);
    else for (const chunk of chunks) await client.sendAll(chunk);
  }
  const got = await received;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(got === total, `received ${got} of ${total}`);
  await client.aclose({ signal: AbortSignal.abort() }).catch(() => undefined);
  await listener.aclose();
  return (rounds * 1000) / seconds;
}

export const sendIterable: Scenario = {
  name: '1 000 × 32 B: sendAllFromIterable vs sendAll each',
  unit: 'chunks/s',
  labels: { raw: '1000 sendAll', rxnet: 'sendAllFromIterable' },
  run: (side, quick) => measure(side === 'rxnet', quick ? 10 : 200),
};
