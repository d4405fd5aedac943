// Splits "what this document has beyond a state vector" into several ordinary Yjs updates (V1),
// each at most about `maxBytes`, so a large space can be synced without any one websocket message
// exceeding a receiver's limit (ws refuses messages over its maxPayload, 100 MiB by default).
//
// Every piece is a valid update on its own; a stock Yjs client applies them one by one and ends up
// with exactly the state `Y.encodeStateAsUpdate(doc, stateVector)` would give. Pieces follow the
// V1 update format: [#clients] then per client [#structs, client, first clock, structs…], then a
// delete set. Structs are written by Yjs itself (`Item.write` / `GC.write`).
//
// Order: a struct whose dependencies (origin, parent) are not there yet waits in the receiver's
// "pending" buffer and is retried when a later piece fills the gap, so pieces should roughly follow
// creation order. Clients are therefore advanced together, in `rounds` equal slices of each
// client's clock range, rather than one client after the other; within one piece each client
// appears at most once (the format allows no more).
//
// The document may change between two calls of `next()` (the server yields to the event loop
// between pieces): positions are kept as clocks, never as indexes, so split or merged structs are
// found again. Content added after the chunker started is not its business: the server relays it.
// The delete set is computed at the end and travels alone in the last piece, with any updates the
// document holds back as pending.
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

export interface UpdateChunkerOptions {
  /** Target size of one piece; a single struct larger than this becomes a piece of its own. */
  maxBytes: number;
  /** Slices each client's clock range is advanced in; default 64. */
  rounds?: number;
}

interface ClientRange {
  readonly client: number;
  /** Next clock to write. */
  next: number;
  /** Clock the doc had for this client when the chunker started: the range ends here. */
  readonly end: number;
  readonly start: number;
}

interface Run {
  readonly clock: number;
  count: number;
  readonly encoder: Y.UpdateEncoderV1;
}

const defaultRounds = 64;

export class UpdateChunker {
  private readonly ranges: ClientRange[];
  private readonly rounds: number;
  private round = 1;
  private rangeIndex = 0;
  private finished = false;

  constructor(
    private readonly doc: Y.Doc,
    targetStateVector: Uint8Array | undefined,
    private readonly options: UpdateChunkerOptions,
  ) {
    const have = targetStateVector === undefined ? new Map<number, number>() : Y.decodeStateVector(targetStateVector);
    this.rounds = Math.max(1, options.rounds ?? defaultRounds);
    this.ranges = [];
    for (const [client, structs] of doc.store.clients) {
      if (structs.length === 0) continue;
      const last = structs[structs.length - 1];
      const end = last.id.clock + last.length;
      const start = Math.max(have.get(client) ?? 0, structs[0].id.clock);
      if (start < end) this.ranges.push({ client, next: start, end, start });
    }
    // Higher client ids first within a round, as Yjs orders them (its conflict resolution prefers it).
    this.ranges.sort((a, b) => b.client - a.client);
  }

  /** True once the last piece (the delete set) has been returned. */
  get done(): boolean {
    return this.finished;
  }

  /** The next piece, or undefined once the last one (the delete set) has been returned. */
  next(): Uint8Array | undefined {
    if (this.finished) return undefined;
    const runs = new Map<number, Run>();
    let bytes = 0;
    while (this.round <= this.rounds && bytes < this.options.maxBytes) {
      if (this.rangeIndex >= this.ranges.length) {
        this.rangeIndex = 0;
        this.round++;
        continue;
      }
      const range = this.ranges[this.rangeIndex];
      const roundEnd = Math.min(range.end, range.start + Math.ceil(((range.end - range.start) * this.round) / this.rounds));
      if (range.next < roundEnd) bytes += this.writeRange(range, roundEnd, runs, this.options.maxBytes - bytes);
      if (range.next >= roundEnd) this.rangeIndex++;
    }
    if (runs.size > 0) return assemble(runs);
    // Every struct has been written: the last piece is the delete set.
    this.finished = true;
    return this.deleteSetAndPending();
  }

  /** Writes whole structs of `range` until `until` or until `budget` bytes are used; returns the bytes written. */
  private writeRange(range: ClientRange, until: number, runs: Map<number, Run>, budget: number): number {
    const structs = this.doc.store.clients.get(range.client);
    const last = structs?.[structs.length - 1];
    if (structs === undefined || last === undefined || range.next >= last.id.clock + last.length) {
      range.next = range.end;
      return 0;
    }
    let run = runs.get(range.client);
    if (run === undefined) {
      run = { clock: range.next, count: 0, encoder: new Y.UpdateEncoderV1() };
      runs.set(range.client, run);
    }
    const before = encoding.length(run.encoder.restEncoder);
    let index = Y.findIndexSS(structs, range.next);
    let offset = range.next - structs[index].id.clock;
    let written = 0;
    while (range.next < until && index < structs.length) {
      const struct = structs[index];
      struct.write(run.encoder, offset);
      run.count++;
      range.next = struct.id.clock + struct.length;
      offset = 0;
      index++;
      written = encoding.length(run.encoder.restEncoder) - before;
      if (written >= budget) break;
    }
    if (index >= structs.length) range.next = Math.max(range.next, range.end);
    if (run.count === 0) runs.delete(range.client);
    return written;
  }

  /** The whole delete set, plus whatever the doc holds as pending, as one update. */
  private deleteSetAndPending(): Uint8Array {
    // With the doc's own state vector as target, Yjs writes no structs: only the delete set and
    // (merged in) the pending structs and deletions it could not integrate yet.
    return Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.doc));
  }
}

/** Builds one V1 update from the runs, with an empty delete set. */
function assemble(runs: Map<number, Run>): Uint8Array {
  const out = encoding.createEncoder();
  encoding.writeVarUint(out, runs.size);
  for (const [client, run] of Array.from(runs).sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(out, run.count);
    encoding.writeVarUint(out, client);
    encoding.writeVarUint(out, run.clock);
    encoding.writeUint8Array(out, run.encoder.toUint8Array());
  }
  encoding.writeVarUint(out, 0);
  return encoding.toUint8Array(out);
}

/** All pieces at once (for a client pushing its state, or tests). */
export function encodeStateAsUpdates(doc: Y.Doc, targetStateVector: Uint8Array | undefined, options: UpdateChunkerOptions): Uint8Array[] {
  const chunker = new UpdateChunker(doc, targetStateVector, options);
  const pieces: Uint8Array[] = [];
  for (let piece = chunker.next(); piece !== undefined; piece = chunker.next()) pieces.push(piece);
  return pieces;
}
