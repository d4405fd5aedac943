// Client processes of the server benchmark, driven over IPC by server.bench.ts.
//   fleet <json>  `count` clients with presence in one room; makes edits on request and reports,
//                 per edit, when every one of its clients has received it (shared clock:
//                 performance.timeOrigin + performance.now(), the same across processes).
//                 `full` of them are stock y-websocket clients (WebsocketProvider, disableBc, a
//                 Y.Doc and an Awareness each); the others are light clients that do on the wire
//                 what a stock client does (sync handshake, presence announced at connect and
//                 renewed every 15 s, every awareness message echoed back as y-websocket 3.1
//                 does) but apply nothing: 500 full clients on 2 cores measure the clients'
//                 own Yjs work (each applies n/15 presence renewals a second), not the server.
//                 Light clients spot an edit by its key in the relayed update's bytes.
//   sync <json>   one fresh client: time from creation to `synced`, or why it failed
//   seed <json>   pushes a stored space to a server in pieces (for the stock server, which keeps
//                 spaces in memory only), then confirms the server has processed them
import { join } from 'node:path';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { PersistedSpace } from '../../src/store/persistedSpace';
import { encodeStateAsUpdates } from '../../src/protocol/updateChunks';
import { recordCount } from '../../src/store/recordsDoc';

/** Milliseconds on a clock shared by every process of the machine. */
export function sharedNow(): number {
  return performance.timeOrigin + performance.now();
}

function send(message: unknown): void {
  process.send?.(message);
}

interface FleetArgs {
  url: string;
  room: string;
  count: number;
  /** How many of `count` are full stock clients (the rest are light clients). */
  full: number;
  /** Index of this process's first client (for names). */
  first: number;
  /** Each client re-announces its presence once at a random moment within this many ms, so the stock 15 s renewals are spread evenly, as with real users. */
  spreadMs: number;
}

let messagesReceived = 0;

/** `ws` counting every message it receives. */
class CountingWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    this.on('message', () => {
      messagesReceived++;
    });
  }
}

/** Edits are keys `edit:<id>;` in the records map, so a light client can find the id in the bytes. */
export function editKey(id: number): string {
  return `edit:${id};`;
}
const editMarker = Buffer.from('edit:');

function awarenessOf(client: number, clock: number, state: unknown): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, client);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, 1);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}

interface LightClient {
  ws: WebSocket;
  synced: boolean;
  renew(): void;
  close(): void;
}

/** A protocol-level stand-in for a stock client: see the top of this file. */
function lightClient(args: FleetArgs, index: number, onEdit: (id: number, at: number) => void, onSynced: () => void): LightClient {
  const ws = new WebSocket(`${args.url}/${args.room}`);
  const id = Math.floor(Math.random() * 2 ** 31);
  const state = { user: { name: `成员${args.first + index}`, color: '#336699' }, cursor: null };
  let clock = 0;
  const client: LightClient = {
    ws,
    synced: false,
    renew: () => {
      clock++;
      if (ws.readyState === WebSocket.OPEN) ws.send(awarenessOf(id, clock, state));
    },
    close: () => ws.terminate(),
  };
  ws.on('error', () => undefined);
  ws.on('open', () => {
    ws.send(new Uint8Array([0, 0, 1, 0])); // sync step 1, empty state vector
    ws.send(awarenessOf(id, clock, state));
  });
  ws.on('message', (data: Buffer) => {
    messagesReceived++;
    const type = data[0];
    if (type === 0) {
      const syncType = data[1];
      if (syncType === 0) ws.send(new Uint8Array([0, 1, 2, 0, 0])); // our (empty) sync step 2
      if (syncType === 1 && !client.synced) {
        client.synced = true;
        onSynced();
      }
      if (syncType === 2) {
        const at = sharedNow();
        const start = data.indexOf(editMarker);
        if (start >= 0) onEdit(Number(data.subarray(start + editMarker.length, data.indexOf(0x3b, start)).toString()), at);
      }
    } else if (type === 1) {
      // y-websocket 3.1 sends every awareness update it applies back to the server.
      if (data.length > 3) ws.send(data);
    } else if (type === 3) {
      ws.send(awarenessOf(id, clock, state));
    }
  });
  return client;
}

function fleet(args: FleetArgs): void {
  const localEdits = new Set<number>();
  const progress = new Map<number, { received: number; latest: number }>();
  const receipt = (id: number, at: number): void => {
    const entry = progress.get(id) ?? { received: 0, latest: 0 };
    entry.received++;
    entry.latest = Math.max(entry.latest, at);
    progress.set(id, entry);
    const expected = localEdits.has(id) ? args.count - 1 : args.count;
    if (entry.received === expected) {
      send({ type: 'received', id, at: entry.latest });
      progress.delete(id);
    }
  };
  let ready = false;
  const checkReady = (): void => {
    if (ready || !full.every((client) => client.provider.synced) || !light.every((client) => client.synced)) return;
    ready = true;
    send({ type: 'ready' });
  };
  const full = Array.from({ length: Math.min(args.full, args.count) }, (_, i) => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({
      user: { name: `成员${args.first + i}`, color: `#${(((args.first + i) * 2654435761) % 0xffffff).toString(16).padStart(6, '0')}` },
      cursor: null,
    });
    const provider = new WebsocketProvider(args.url, args.room, doc, {
      disableBc: true,
      awareness,
      WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
    });
    const records = doc.getMap('records');
    records.observe((event) => {
      if (event.transaction.local) return;
      const at = sharedNow();
      for (const key of event.keysChanged) if (key.startsWith('edit:')) receipt(Number(key.slice(5, -1)), at);
    });
    provider.on('sync', checkReady);
    return { doc, awareness, provider, records };
  });
  const light = Array.from({ length: args.count - full.length }, (_, i) => lightClient(args, full.length + i, receipt, checkReady));
  const timers: NodeJS.Timeout[] = [];
  process.on('message', (message: { type: string; id?: number; by?: number }) => {
    if (message.type === 'spread') {
      // Each client re-announces once at a random moment, then every 15 s as stock clients do.
      for (const client of full) {
        timers.push(
          setTimeout(() => client.awareness.setLocalState({ ...client.awareness.getLocalState() }), Math.random() * args.spreadMs),
        );
      }
      for (const client of light) {
        timers.push(
          setTimeout(() => {
            client.renew();
            timers.push(setInterval(() => client.renew(), 15_000));
          }, Math.random() * args.spreadMs),
        );
      }
    } else if (message.type === 'edit' && message.id !== undefined && message.by !== undefined) {
      // Edits are made by full clients only (a light client has no document).
      localEdits.add(message.id);
      const at = sharedNow();
      full[message.by % full.length].records.set(editKey(message.id), at);
      send({ type: 'edited', id: message.id, at });
    } else if (message.type === 'stats') {
      const cpu = process.cpuUsage();
      send({ type: 'stats', messages: messagesReceived, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    } else if (message.type === 'stop') {
      timers.forEach((timer) => clearTimeout(timer));
      for (const client of full) {
        client.provider.destroy();
        client.awareness.destroy();
      }
      for (const client of light) client.close();
      process.exit(0);
    }
  });
}

interface SyncArgs {
  url: string;
  room: string;
  timeoutMs: number;
}

/** Where a fresh client's time goes (milliseconds; "At" ones from the client's creation). */
const syncTimings = {
  /** The websocket is open (HTTP upgrade done). */
  openAt: Number.NaN,
  /** First bytes of document content: the first data after the server's sync step 1. */
  firstByteAt: Number.NaN,
  /** The first message carrying content has fully arrived. */
  firstContentAt: Number.NaN,
  contentMessages: 0,
  contentBytes: 0,
  /** Inside the provider's message handler (decode, apply, the doc's `update` event, replies). */
  handlerMs: 0,
};
let syncStarted = 0;
/** Set while the provider handles a message (`synced` is emitted from inside the last one). */
let handlingSince: number | undefined;

function handlerMsSoFar(): number {
  return syncTimings.handlerMs + (handlingSince === undefined ? 0 : performance.now() - handlingSince);
}

/** `ws` as a stock client uses it, noting when content arrives and how long the provider handles it. */
class TimedWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    let serverStep1 = false;
    this.on('open', () => {
      syncTimings.openAt = performance.now() - syncStarted;
      // The socket's data events run before ws parses them into messages.
      (this as unknown as { _socket: NodeJS.EventEmitter })._socket.on('data', () => {
        if (serverStep1 && Number.isNaN(syncTimings.firstByteAt)) syncTimings.firstByteAt = performance.now() - syncStarted;
      });
    });
    // Registered before the provider's handler, so it sees each message first.
    this.on('message', (data: ArrayBuffer | Buffer) => {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
      if (bytes[0] !== 0) return;
      if (bytes[1] === 0) serverStep1 = true;
      if (bytes[1] !== 1 && bytes[1] !== 2) return;
      if (syncTimings.contentMessages === 0) syncTimings.firstContentAt = performance.now() - syncStarted;
      syncTimings.contentMessages++;
      syncTimings.contentBytes += bytes.length;
    });
    const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
    Object.defineProperty(this, 'onmessage', {
      get: () => onmessage?.get?.call(this) as unknown,
      set: (handler: ((event: WebSocket.MessageEvent) => void) | null) => {
        onmessage?.set?.call(
          this,
          handler === null
            ? null
            : (event: WebSocket.MessageEvent) => {
                handlingSince = performance.now();
                handler(event);
                syncTimings.handlerMs += performance.now() - handlingSince;
                handlingSince = undefined;
              },
        );
      },
    });
  }
}

function syncOnce(args: SyncArgs): void {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const started = sharedNow();
  syncStarted = performance.now();
  const provider = new WebsocketProvider(args.url, args.room, doc, {
    disableBc: true,
    awareness,
    WebSocketPolyfill: TimedWebSocket as unknown as typeof globalThis.WebSocket,
  });
  // Time the client spends inside Yjs transactions applying what it received: the floor no
  // server can lower (the rest is waiting for the server and the network).
  let applyMs = 0;
  let began = 0;
  doc.on('beforeTransaction', () => {
    began = performance.now();
  });
  doc.on('afterTransaction', () => {
    applyMs += performance.now() - began;
  });
  const finish = (result: Record<string, unknown>): void => {
    send({ type: 'sync-result', applyMs, ...syncTimings, handlerMs: handlerMsSoFar(), ...result });
    provider.destroy();
    process.exit(0);
  };
  provider.on('sync', (synced: boolean) => {
    if (synced) finish({ ok: true, ms: sharedNow() - started, records: recordCount(doc) });
  });
  provider.on('connection-error', (event: unknown) => {
    const message = (event as { message?: string }).message ?? '';
    if (/max payload/i.test(message))
      finish({ ok: false, error: `the client refused a message over its limit (${message})`, ms: sharedNow() - started });
  });
  provider.on('connection-close', (event) => {
    if (event?.code === 1009)
      finish({
        ok: false,
        error: "a message exceeded the client's limit (close 1009: Max payload size exceeded)",
        ms: sharedNow() - started,
      });
  });
  setTimeout(
    () => finish({ ok: false, error: `not synced within ${args.timeoutMs / 1000} s`, ms: sharedNow() - started }),
    args.timeoutMs,
  ).unref();
}

interface SeedArgs {
  url: string;
  room: string;
  /** A store folder holding the space (`<dir>/spaces/<room>`). */
  dir: string;
  pieceBytes: number;
}

async function seed(args: SeedArgs): Promise<void> {
  const started = sharedNow();
  const space = await PersistedSpace.open(join(args.dir, 'spaces', args.room), args.room);
  await space.close();
  const pieces = encodeStateAsUpdates(space.doc, undefined, { maxBytes: args.pieceBytes });
  const ws = new WebSocket(`${args.url}/${args.room}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const message = (syncType: number, payload: Uint8Array): Uint8Array => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, syncType);
    encoding.writeVarUint8Array(encoder, payload);
    return encoding.toUint8Array(encoder);
  };
  for (const piece of pieces) ws.send(message(2, piece));
  // The server answers this sync step 1 after it has processed every piece sent before it.
  const answered = new Promise<void>((resolve) => {
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 1) resolve();
    });
  });
  ws.send(message(0, Y.encodeStateVector(space.doc)));
  await answered;
  ws.close();
  send({ type: 'seeded', ms: sharedNow() - started, pieces: pieces.length });
  process.exit(0);
}

const [mode, json] = process.argv.slice(2);
if (mode !== undefined && json !== undefined) {
  const args: unknown = JSON.parse(json);
  if (mode === 'fleet') fleet(args as FleetArgs);
  else if (mode === 'sync') syncOnce(args as SyncArgs);
  else if (mode === 'seed') {
    seed(args as SeedArgs).catch((error: unknown) => {
      send({ type: 'seed-failed', error: String(error) });
      process.exit(1);
    });
  }
}
