/** Every scenario, in the order the table prints them. */
import type { Scenario } from '../scenario';
import { acceptRate } from './accept-rate';
import { idleMemory } from './idle-memory';
import { sendIterable } from './send-iterable';
import { slowReader } from './slow-reader';
import { tcpBulk } from './tcp-bulk';
import { tcpEcho } from './tcp-echo';
import { tcpEchoObservable } from './tcp-echo-observable';
import { tcpPingPong } from './tcp-pingpong';
import { tlsBulk } from './tls-bulk';
import { tlsBulkDuplex } from './tls-bulk-duplex';
import { tlsMemory } from './tls-memory';
import { udpObservable } from './udp-observable';
import { udpPingPong } from './udp-pingpong';

export const scenarios: Record<string, Scenario> = {
  'tcp-bulk': tcpBulk,
  'tcp-pingpong': tcpPingPong,
  'tcp-echo': tcpEcho,
  'udp-pingpong': udpPingPong,
  'tcp-echo-observable': tcpEchoObservable,
  'udp-observable': udpObservable,
  'tls-bulk': tlsBulk,
  'tls-bulk-duplex': tlsBulkDuplex,
  'accept-rate': acceptRate,
  'idle-memory': idleMemory,
  'slow-reader': slowReader,
  'tls-memory': tlsMemory,
  'send-iterable': sendIterable,
};
