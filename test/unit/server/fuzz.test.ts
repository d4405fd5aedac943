// Random and mutated websocket frames against the real server (seeded, so a failure can be
// replayed: LIAISON_FUZZ_SEED=<seed>). Whatever arrives, the server keeps serving the other
// clients of the same space, and new ones.
import assert from 'node:assert/strict';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import WebSocket from 'ws';
import { Cleanup, memoryLogger, startServer, stockClient, tempDir, waitFor } from './helpers';

/** mulberry32: small, fast, good enough to pick frames. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function message(...parts: ((encoder: encoding.Encoder) => void)[]): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const part of parts) part(encoder);
  return encoding.toUint8Array(encoder);
}

/** Real protocol messages, to be sent as they are or mutated. */
function validMessages(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const record = new Y.Map<unknown>();
  doc.getMap('records').set('fuzz', record);
  record.set('title', '模糊测试');
  const text = new Y.Text('hello');
  record.set('body', text);
  text.insert(2, '世界');
  text.delete(0, 1);
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: '测试', color: '#ff0000' }, cursor: { anchor: 3 } });
  const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
  awareness.destroy();
  return [
    message(
      (e) => encoding.writeVarUint(e, 0),
      (e) => encoding.writeVarUint(e, 0),
      (e) => encoding.writeVarUint8Array(e, Y.encodeStateVector(doc)),
    ),
    ...updates.map((update) =>
      message(
        (e) => encoding.writeVarUint(e, 0),
        (e) => encoding.writeVarUint(e, 2),
        (e) => encoding.writeVarUint8Array(e, update),
      ),
    ),
    message(
      (e) => encoding.writeVarUint(e, 0),
      (e) => encoding.writeVarUint(e, 1),
      (e) => encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc)),
    ),
    message(
      (e) => encoding.writeVarUint(e, 1),
      (e) => encoding.writeVarUint8Array(e, awarenessUpdate),
    ),
    new Uint8Array([3]),
    new Uint8Array([2, 0]),
  ];
}

function fuzzFrame(random: () => number, valid: Uint8Array[]): Uint8Array | string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const base = pick(valid);
  switch (Math.floor(random() * 9)) {
    case 0:
      return bytes(Math.floor(random() * 64));
    case 1: {
      const copy = base.slice();
      for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++)
        copy[Math.floor(random() * copy.length)] ^= 1 << Math.floor(random() * 8);
      return copy;
    }
    case 2:
      return base.slice(0, Math.floor(random() * base.length));
    case 3:
      return Uint8Array.from([...base, ...bytes(1 + Math.floor(random() * 16))]);
    case 4: // a lying length prefix
      return Uint8Array.from([base[0], base.length > 1 ? base[1] : 0, 0xff, 0xff, 0xff, 0xff, 0x0f, ...bytes(8)]);
    case 5: // awareness with broken JSON or absurd ids
      return message(
        (e) => encoding.writeVarUint(e, 1),
        (e) =>
          encoding.writeVarUint8Array(
            e,
            message(
              (u) => encoding.writeVarUint(u, 1),
              (u) => encoding.writeVarUint(u, Math.floor(random() * 2 ** 32)),
              (u) => encoding.writeVarUint(u, Math.floor(random() * 10)),
              (u) => encoding.writeVarString(u, pick(['{"a":', 'null', '{"name":"x"}', '\u0000', '[1,2', '"text"'])),
            ),
          ),
      );
    case 6:
      return message(
        (e) => encoding.writeVarUint(e, Math.floor(random() * 200)),
        (e) => encoding.writeVarUint8Array(e, bytes(8)),
      );
    case 7:
      return random() < 0.5 ? 'text frame' : base;
    default:
      return base;
  }
}

describe('SyncServer: fuzzed frames', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('keeps serving the other clients whatever frames arrive', async () => {
    const seed = Number(process.env.LIAISON_FUZZ_SEED ?? 20240501);
    const random = prng(seed);
    const dataDir = await tempDir(cleanup);
    const logger = memoryLogger();
    const { url } = await startServer(cleanup, { dataDir, logger, messageRate: { perSecond: 1e9, burst: 1e9 } });
    const a = stockClient(cleanup, url, 'internal');
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('clients synced', () => a.provider.synced && b.provider.synced);
    const valid = validMessages();

    // Each fuzzed frame is followed by a probe (query awareness): the server's answer, or its
    // closing the connection, shows the frame was processed before the next one is sent.
    let closedByServer = 0;
    interface Probe {
      ws: WebSocket;
      answers: number;
      closed: boolean;
    }
    const open = (): Promise<Probe> =>
      new Promise((resolve) => {
        const probe: Probe = { ws: new WebSocket(`${url}/internal`), answers: 0, closed: false };
        probe.ws.on('error', () => undefined);
        probe.ws.on('message', (data: Buffer) => {
          if (data[0] === 1) probe.answers++;
        });
        probe.ws.on('close', () => {
          probe.closed = true;
          closedByServer++;
        });
        probe.ws.once('open', () => resolve(probe));
        cleanup.add(() => probe.ws.terminate());
      });
    const streams = 4;
    const framesPerStream = 150;
    const run = async (stream: number): Promise<void> => {
      let probe = await open();
      for (let i = 0; i < framesPerStream; i++) {
        if (probe.closed || probe.ws.readyState !== WebSocket.OPEN) probe = await open();
        const current = probe;
        const before = current.answers;
        current.ws.send(fuzzFrame(random, valid));
        current.ws.send(new Uint8Array([3]));
        await waitFor(`seed ${seed}: frame ${stream}/${i} processed`, () => current.closed || current.answers > before);
        if (i % 50 === 49) {
          const key = `check-${stream}-${i}`;
          a.records.set(key, i);
          await waitFor(`seed ${seed}: the other client still syncs (${key})`, () => b.records.get(key) === i);
        }
      }
      probe.ws.close();
    };
    await Promise.all(Array.from({ length: streams }, (_, stream) => run(stream)));

    assert.ok(closedByServer > 20, `only ${closedByServer} connections were closed`);
    assert.equal(a.provider.wsconnected && b.provider.wsconnected, true, `seed ${seed}`);
    const health = await fetch(`${url.replace('ws:', 'http:')}/healthz`);
    assert.equal(health.status, 200);
    // A new client still gets the whole space.
    const late = stockClient(cleanup, url, 'internal');
    await waitFor(`seed ${seed}: a new client syncs`, () => late.provider.synced && late.records.size === a.records.size);
    assert.deepEqual(late.records.toJSON(), a.records.toJSON());
  });
});
