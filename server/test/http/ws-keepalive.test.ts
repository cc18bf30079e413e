/**
 * The WebSocket keep-alive (http/ws.ts, keepAlive): one timer pings every socket; a socket that has not answered
 * the previous ping is terminated — a client gone without closing does not hold its subscriptions for ever — and
 * one that answers stays, however long.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { testWsGuard } from '../support/ws-guard';

const guard = testWsGuard();

let server: WebSocketServer;
let url: string;

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  guard.keepAlive(server, 100);
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise((resolve) => server.close(resolve));
});

it('terminates a socket that does not answer pings, keeps one that does', async () => {
  const silent = new WebSocket(url, { autoPong: false });
  const answering = new WebSocket(url);
  await Promise.all([once(silent, 'open'), once(answering, 'open')]);
  let pings = 0;
  answering.on('ping', () => pings++);
  const silentClosed = once(silent, 'close');

  // The first sweep pings both; the second finds the silent one has not answered and lets it go.
  const [code] = (await silentClosed) as [number];
  expect(code).toBe(1006); // terminated: no closing handshake
  await new Promise((resolve) => setTimeout(resolve, 450));
  expect(answering.readyState).toBe(WebSocket.OPEN);
  expect(pings).toBeGreaterThanOrEqual(4);
  answering.close();
});

it('stops its timer when the server closes', async () => {
  const other = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(other, 'listening');
  const set = jest.spyOn(global, 'setInterval');
  const clear = jest.spyOn(global, 'clearInterval');
  try {
    guard.keepAlive(other, 100);
    const timer = set.mock.results.at(-1)!.value;
    expect(clear).not.toHaveBeenCalledWith(timer);
    await new Promise((resolve) => other.close(resolve));
    expect(clear).toHaveBeenCalledWith(timer);
  } finally {
    set.mockRestore();
    clear.mockRestore();
    other.close();
  }
});
