// Hostile clients for the hardening tests (bounded.test.ts, soak.test.ts): bare `ws` sockets
// speaking the y-websocket protocol the way an attacker would, and readings of the real server
// process (its /metrics, its resident memory from /proc).
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import type { Cleanup } from './helpers';
import { waitFor } from './helpers';

/** A bare connection; `closed()` is the close code once it closed. */
export interface BareClient {
  readonly ws: WebSocket;
  closed(): number | undefined;
  messages(): number;
}

export async function bareClient(cleanup: Cleanup, url: string): Promise<BareClient> {
  const ws = new WebSocket(url);
  let code: number | undefined;
  let messages = 0;
  ws.on('close', (closeCode) => {
    code = closeCode;
  });
  ws.on('message', () => {
    messages++;
  });
  ws.on('error', () => undefined);
  cleanup.add(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', (closeCode) => reject(new Error(`closed ${closeCode} before opening`)));
  });
  return { ws, closed: () => code, messages: () => messages };
}

/** Stops reading the socket: whatever the server sends piles up on its side. */
export function pauseReading(client: BareClient): void {
  (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
}

export function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** An awareness message announcing `state` for `client` at `clock`. */
export function awarenessFrame(entries: { client: number; clock: number; state: unknown }[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const { client, clock, state } of entries) {
    encoding.writeVarUint(update, client);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  return encoding.toUint8Array(encoder);
}

export const queryAwarenessFrame = new Uint8Array([3]);

/** Sends and waits until ws has handed it to the OS. */
export function sendNow(client: BareClient, frame: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => client.ws.send(frame, (error) => (error ? reject(error) : resolve())));
}

/** The http:// base of a ws:// server URL. */
export function httpBase(url: string): string {
  return url.replace(/^ws:/, 'http:');
}

/** One value of the server's /metrics, e.g. `liaison_connections_closed_total{reason="output_overflow"}`; 0 when absent. */
export async function metric(url: string, series: string): Promise<number> {
  const text = await (await fetch(`${httpBase(url)}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** Resident memory of a process, in bytes (Linux /proc). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (match === null) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

export interface TestUser {
  name: string;
  token: string;
}

/** Writes an access config: `members` write, `readers` only read space `space`. */
export async function writeAccess(
  dir: string,
  space: string,
  members: TestUser[],
  readers: TestUser[] = [],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const file = join(dir, 'access.json');
  const config = {
    users: [...members, ...readers],
    spaces: [{ name: space, members: members.map((u) => u.name), readOnly: readers.map((u) => u.name) }],
    ...extra,
  };
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

/** Waits until `check` holds on the server's metrics. */
export async function waitForMetric(url: string, series: string, check: (value: number) => boolean, timeoutMs = 10_000): Promise<void> {
  let last = 0;
  await waitFor(
    `${series} (last ${last})`,
    async () => {
      last = await metric(url, series);
      return check(last);
    },
    timeoutMs,
  );
}
