// Splits "what this document has beyond a state vector" into several ordinary Yjs updates (V1),
// each at most about `maxBytes`, so a large space can be synced without any one websocket message
// exceeding a receiver's limit (ws refuses messages over its maxPayload, 100 MiB by default).
//
// Every piece is a valid update on its own; a stock Yjs client applies them one by one and ends up
// with exactly the state `Y.encodeStateAsUpdate(doc, stateVector)` would give. Pieces follow the
// V1 update format: [#clients] then per client [#structs, client, first clock, structs…], then a
// delete set. Structs are written by Yjs itself (`Item.write` / `GC.write`).
//
// Order: a struct whose dependencies (origin, right origin, parent) are not there yet waits in the
// receiver's "pending" buffer, and every later piece then costs the receiver a merge and a retry of
// that buffer (a space written by 200 sessions took a stock client 30–70% more CPU to apply in
// 1 MiB pieces than as one update; about 15% without pending). So a struct is written only after
// what it depends on: the missing part of the other client is pulled into the same piece first
// (Yjs resolves dependencies within one update), and the receiver never holds anything pending.
// Clients are advanced together, in `rounds` equal slices of each client's clock range, which
// roughly follows creation order and keeps those pulls short; within one piece each client
// appears at most once (the format allows no more). A piece ends at `maxBytes` even in the middle of such a pull: what it holds is
// complete, and the next piece goes on pulling before it writes the struct that needed it.
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
  /** Index in the client's struct array last written (a hint, checked before use: the doc may change between pieces). */
  index: number;
}

interface Run {
  readonly clock: number;
  count: number;
  readonly encoder: Y.UpdateEncoderV1;
}

interface Piece {
  readonly runs: Map<number, Run>;
  bytes: number;
}

/** Writing `range` up to (not including) clock `until`. */
interface Goal {
  readonly range: ClientRange;
  readonly until: number;
}

const defaultRounds = 64;

export class UpdateChunker {
  private readonly ranges: ClientRange[];
  private readonly byClient = new Map<number, ClientRange>();
  private readonly have: Map<number, number>;
  private readonly rounds: number;
  private round = 1;
  private rangeIndex = 0;
  private finished = false;

  constructor(
    private readonly doc: Y.Doc,
    targetStateVector: Uint8Array | undefined,
    private readonly options: UpdateChunkerOptions,
  ) {
    this.have = targetStateVector === undefined ? new Map<number, number>() : Y.decodeStateVector(targetStateVector);
    this.rounds = Math.max(1, options.rounds ?? defaultRounds);
    this.ranges = [];
    for (const client of doc.store.clients.keys()) this.rangeOf(client);
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
    const piece: Piece = { runs: new Map(), bytes: 0 };
    while (this.round <= this.rounds && piece.bytes < this.options.maxBytes) {
      if (this.rangeIndex >= this.ranges.length) {
        this.rangeIndex = 0;
        this.round++;
        continue;
      }
      const range = this.ranges[this.rangeIndex];
      const roundEnd = Math.min(range.end, range.start + Math.ceil(((range.end - range.start) * this.round) / this.rounds));
      if (range.next < roundEnd) this.write({ range, until: roundEnd }, piece);
      if (range.next >= roundEnd) this.rangeIndex++;
    }
    if (piece.runs.size > 0) return assemble(piece.runs);
    // Every struct has been written: the last piece is the delete set.
    this.finished = true;
    return this.deleteSetAndPending();
  }

  /**
   * The range still to write for `client` (created on first use: a client the target had all of
   * at the start, or one that appeared since), or undefined if the doc has nothing of it beyond
   * the target's state.
   */
  private rangeOf(client: number): ClientRange | undefined {
    const known = this.byClient.get(client);
    if (known !== undefined) return known;
    const structs = this.doc.store.clients.get(client);
    const first = structs?.[0];
    const last = structs?.[structs.length - 1];
    if (first === undefined || last === undefined) return undefined;
    const end = last.id.clock + last.length;
    const start = Math.max(this.have.get(client) ?? 0, first.id.clock);
    if (start >= end) return undefined;
    const range: ClientRange = { client, next: start, end, start, index: 0 };
    this.byClient.set(client, range);
    this.ranges.push(range);
    return range;
  }

  /**
   * Writes whole structs of `goal.range` up to `goal.until`, each after the structs of other
   * clients it depends on (an explicit stack: dependency chains can be long). Stops once the
   * piece has `maxBytes`, possibly in the middle of a pull (the next piece goes on from there).
   */
  private write(goal: Goal, piece: Piece): void {
    const stack: Goal[] = [goal];
    // Clients on the stack: in a causally consistent doc a dependency never leads back to one;
    // should a corrupt doc say otherwise, the struct is written as it is rather than looping.
    const pulling = new Set<number>([goal.range.client]);
    while (stack.length > 0 && piece.bytes < this.options.maxBytes) {
      const { range, until } = stack[stack.length - 1];
      const structs = this.doc.store.clients.get(range.client);
      const last = structs?.[structs.length - 1];
      if (structs === undefined || last === undefined || range.next >= last.id.clock + last.length)
        range.next = Math.max(range.next, range.end);
      if (range.next >= until || structs === undefined) {
        stack.pop();
        pulling.delete(range.client);
        continue;
      }
      const index = structIndex(structs, range);
      const struct = structs[index];
      const offset = range.next - struct.id.clock;
      const needed = this.missingDependency(struct, offset);
      if (needed !== undefined && !pulling.has(needed.range.client)) {
        stack.push(needed);
        pulling.add(needed.range.client);
        continue;
      }
      let run = piece.runs.get(range.client);
      if (run === undefined) {
        run = { clock: range.next, count: 0, encoder: new Y.UpdateEncoderV1() };
        piece.runs.set(range.client, run);
      }
      const before = encoding.length(run.encoder.restEncoder);
      struct.write(run.encoder, offset);
      run.count++;
      piece.bytes += encoding.length(run.encoder.restEncoder) - before;
      range.next = struct.id.clock + struct.length;
      range.index = index + 1;
      if (index + 1 >= structs.length) range.next = Math.max(range.next, range.end);
    }
  }

  /** What of another client `struct` (written from `offset`) needs and the receiver will not have yet. */
  private missingDependency(struct: Y.AbstractStruct, offset: number): Goal | undefined {
    if (!(struct instanceof Y.Item)) return undefined;
    // Same as Item.write: from an offset, the origin is the struct's own previous clock.
    const origin = offset > 0 ? null : struct.origin;
    let parent: Y.ID | null = null;
    if (origin === null && struct.rightOrigin === null) {
      const type = struct.parent;
      if (type instanceof Y.AbstractType) parent = type._item?.id ?? null;
      else if (type instanceof Y.ID) parent = type;
    }
    for (const id of [origin, struct.rightOrigin, parent]) {
      if (id === null || id.client === struct.id.client) continue;
      if (id.clock < (this.have.get(id.client) ?? 0)) continue;
      const range = this.rangeOf(id.client);
      if (range !== undefined && id.clock >= range.next) return { range, until: id.clock + 1 };
    }
    return undefined;
  }

  /** The whole delete set, plus whatever the doc holds as pending, as one update. */
  private deleteSetAndPending(): Uint8Array {
    // With the doc's own state vector as target, Yjs writes no structs: only the delete set and
    // (merged in) the pending structs and deletions it could not integrate yet.
    return Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.doc));
  }
}

/** Index of the struct holding `range.next`: the hint if it still fits, else a binary search. */
function structIndex(structs: (Y.GC | Y.Item)[], range: ClientRange): number {
  const hinted = structs[range.index] as Y.GC | Y.Item | undefined;
  if (hinted !== undefined && hinted.id.clock <= range.next && range.next < hinted.id.clock + hinted.length) return range.index;
  return Y.findIndexSS(structs, range.next);
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
