/** Every scenario, in the order the table prints them. */
import type { Scenario } from '../scenario';
import { sendIterable } from './send-iterable';
import { tcpBulk } from './tcp-bulk';
import { tcpPingPong } from './tcp-pingpong';
import { tlsBulk } from './tls-bulk';
import { udpPingPong } from './udp-pingpong';

export const scenarios: Record<string, Scenario> = {
  'tcp-bulk': tcpBulk,
  'tcp-pingpong': tcpPingPong,
  'udp-pingpong': udpPingPong,
  'tls-bulk': tlsBulk,
  'send-iterable': sendIterable,
};
