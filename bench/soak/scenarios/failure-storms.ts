/**
 * Handler failure storms: handlers that throw, reject or error, a thousand of each. `onError`
 * is called exactly once per failure, each connection is closed, and the process holds what it
 * held before.
 */
import { throwError } from 'rxjs';
import { listenTcp, SocketAttribute, type InetAddress } from '../../../src';
import { backToBaseline, exactly, holdings, pool, settledTo, type Figure, type SoakScenario } from '../soak';
import { sendAndEnd } from './clients';

const kinds = {
  'throws': () => {
    throw new Error('sync');
  },
  'rejects': () => Promise.reject(new Error('async')),
  'errors (Observable)': () => throwError(() => new Error('observable')),
} as const;

export const failureStorms: SoakScenario = {
  name: 'failure storms: handlers that throw, reject, error',
  async run(quick) {
    const count = quick ? 300 : 1_000;
    const figures: Figure[] = [];
    for (const [kind, handler] of Object.entries(kinds)) {
      const listener = await listenTcp({ host: '127.0.0.1' });
      const target = { port: (listener.extra(SocketAttribute.localAddress) as InetAddress).port };
      let errors = 0;
      const subscription = listener.serve(handler, { concurrency: 50, onError: () => void errors++ }).subscribe();
      const baseline = holdings();
      await pool(count, 32, () => sendAndEnd(target, Buffer.from('request')));
      figures.push(exactly(`onError calls for ${count} handlers that ${kind}`, errors, count));
      figures.push(...backToBaseline(kind, baseline, await settledTo(baseline, 3), 3));
      subscription.unsubscribe();
    }
    return figures;
  },
};
