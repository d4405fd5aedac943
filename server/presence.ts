// Presence (Yjs awareness) relayed so that many clients stay cheap.
//
// The stock server forwards every awareness message to every connection at once. Each client
// re-announces its unchanged presence every 15 s, so with n clients that is n²/15 messages a
// second (500 clients: 16,700 sends a second, just to say "still here"). Here:
//  - changes (someone joined, left, or changed their state) are collected for `batchMs` and sent
//    as one merged awareness update to the room: at most 1000/batchMs relays a second, however
//    many clients changed;
//  - renewals (same state, higher clock) are not forwarded one by one: they are merged and sent
//    every `renewMs`, so each client's peers still see its clock advance well within the 30 s after
//    which a stock client drops a silent peer (client renewal every ≤ 18 s + renewMs < 30 s);
//  - a connection that has been sent nothing for `keepAliveMs` gets an empty awareness update,
//    because a stock client closes a connection that has been silent for 30 s.
//  - y-websocket clients send every awareness update they apply back to the server, so most
//    entries a server receives are its own relays coming back: `freshAwarenessEntries` drops
//    stale entries by their clock without parsing their JSON, before y-protocols applies the rest.
// Wire format and semantics are the stock ones (y-protocols/awareness), so stock clients work.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';

export const messageAwareness = 1;

export interface PresenceOptions {
  /** Changes are merged for this long before being relayed. Default 50 ms. */
  readonly batchMs: number;
  /** Renewals are merged and relayed this often. Must stay below 12 s (see above). Default 1 s. */
  readonly renewMs: number;
  /** A connection sent nothing for this long gets an empty awareness update. Default 15 s. */
  readonly keepAliveMs: number;
}

export const defaultPresenceOptions: PresenceOptions = { batchMs: 50, renewMs: 1000, keepAliveMs: 15_000 };

type ChangeHandler = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void;

export interface PresenceTarget {
  /** Sends one message to every connection of the room. */
  broadcast(message: Uint8Array): void;
  /** Sends the empty keep-alive message to connections that have been silent for `idleMs`. */
  keepAlive(message: Uint8Array, idleMs: number): void;
}

/** Encodes an awareness message (type 1) for `clients` with their current state and clock. */
export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: readonly number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, Array.from(clients)));
  return encoding.toUint8Array(encoder);
}

const nullState = new TextEncoder().encode('null');

function isNull(bytes: Uint8Array): boolean {
  return bytes.length === nullState.length && bytes.every((byte, i) => byte === nullState[i]);
}

/**
 * The entries of awareness update `update` that would change `awareness`: y-protocols applies an
 * entry only when its clock is newer than the one known, or equal with a null state for a client
 * still present. Others are skipped without parsing their JSON. A fresh entry is kept only if
 * `admit(client, state)` agrees (the room's per-connection presence limits: presenceGuard.ts).
 * Returns `update` itself when every entry is kept, a smaller update with the kept ones, or
 * undefined when none is. Throws on a malformed update (as y-protocols would).
 */
export function freshAwarenessEntries(
  awareness: awarenessProtocol.Awareness,
  update: Uint8Array,
  admit: (client: number, state: Uint8Array) => boolean = () => true,
): Uint8Array | undefined {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const fresh: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const start = decoder.pos;
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarUint8Array(decoder);
    const known = awareness.meta.get(client)?.clock ?? 0;
    const isFresh = known < clock || (known === clock && isNull(state) && awareness.states.has(client));
    if (isFresh && admit(client, state)) {
      fresh.push(update.subarray(start, decoder.pos));
    }
  }
  if (fresh.length === count) return count === 0 ? undefined : update;
  if (fresh.length === 0) return undefined;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, fresh.length);
  for (const entry of fresh) encoding.writeUint8Array(encoder, entry);
  return encoding.toUint8Array(encoder);
}

/** The awareness message with no clients: applied by a client, it changes nothing. */
export const emptyAwarenessMessage: Uint8Array = new Uint8Array([messageAwareness, 1, 0]);

export class PresenceRelay {
  /** Clients whose state was added, changed or removed since the last relay. */
  private readonly changed = new Set<number>();
  /** Clients that renewed an unchanged state since the last relay. */
  private readonly renewed = new Set<number>();
  private batchTimer: NodeJS.Timeout | undefined;
  private readonly renewTimer: NodeJS.Timeout;
  private readonly onChange: ChangeHandler;
  private readonly onUpdate: ChangeHandler;
  private stopped = false;

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly target: PresenceTarget,
    private readonly options: PresenceOptions,
    private readonly onRelay: (clients: number) => void = () => undefined,
  ) {
    // Yjs emits 'change' (real changes only) before 'update' (changes and renewals) for the same apply.
    this.onChange = ({ added, updated, removed }) => {
      for (const id of added) this.changed.add(id);
      for (const id of updated) this.changed.add(id);
      for (const id of removed) this.changed.add(id);
      this.scheduleBatch();
    };
    this.onUpdate = ({ updated }) => {
      for (const id of updated) if (!this.changed.has(id)) this.renewed.add(id);
    };
    awareness.on('change', this.onChange);
    awareness.on('update', this.onUpdate);
    this.renewTimer = setInterval(() => this.renew(), options.renewMs);
  }

  /** Sends whatever is pending now (used before the room closes) and stops the timers. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.batchTimer);
    clearInterval(this.renewTimer);
    this.awareness.off('change', this.onChange);
    this.awareness.off('update', this.onUpdate);
  }

  private scheduleBatch(): void {
    if (this.batchTimer !== undefined || this.stopped) return;
    this.batchTimer = setTimeout(() => {
      this.batchTimer = undefined;
      this.relay();
    }, this.options.batchMs);
  }

  private renew(): void {
    if (this.renewed.size > 0) this.relay();
    this.target.keepAlive(emptyAwarenessMessage, this.options.keepAliveMs);
  }

  /** One merged message with every changed and renewed client, to the whole room. */
  private relay(): void {
    if (this.changed.size === 0 && this.renewed.size === 0) return;
    const clients = new Set([...this.changed, ...this.renewed]);
    this.changed.clear();
    this.renewed.clear();
    // A client removed and never known (no meta) cannot be encoded; skip it.
    const known = Array.from(clients).filter((id) => this.awareness.meta.has(id));
    if (known.length === 0) return;
    this.target.broadcast(awarenessMessage(this.awareness, known));
    this.onRelay(known.length);
  }
}
