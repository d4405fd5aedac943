// The protected parts of a space: top-level types of its document that only the space's admins
// ("admins" in the access file, access.ts) may change: the purge log (`purges`: an entry there makes
// every holder of the space forget the purged records' history, src/store/purge.ts), the team
// policy (`teamPolicy`, src/app/teamPolicy.ts) and the directory (`directoryPeople`,
// `directoryDepartments`, src/store/directoryDoc.ts).
//
// The room inspects a non-admin's update BEFORE applying it (`screenUpdate`): every struct of the
// update is traced to the top-level type it lands in, and every range of its delete set to the
// items it deletes. An item names its parent either as a top-level key, as the id of the item
// holding a nested type, or not at all (then it lands where its origin or right origin is, the way
// Yjs integrates it); those ids are looked up in the room's document, or in the update itself for
// items it creates. What cannot be traced (it depends on something the server does not have) counts
// as protected: Yjs would keep it pending and integrate it later, wherever its dependency lands.
//
// A refused item is not dropped but replaced by a GC struct of the same id and length (as Yjs
// writes deleted content it has collected): the sender's clock stays contiguous, so its later
// changes still apply, everyone else sees the change never happened, and the connection stays open.
// Deletions of protected items are removed from the delete set. Nothing refused: the update passes
// as it came, byte for byte.
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { TEAM_POLICY_KEY } from '../src/app/teamPolicy';
import { DEPARTMENTS_KEY, PEOPLE_KEY } from '../src/store/directoryDoc';
import { PURGES_KEY } from '../src/store/purge';

/** Top-level keys only admins may change. */
export const PROTECTED_PARTS: readonly string[] = [PURGES_KEY, TEAM_POLICY_KEY, PEOPLE_KEY, DEPARTMENTS_KEY];

const protectedSet = new Set(PROTECTED_PARTS);

/** Where something lands: a top-level key, nowhere (collected content: harmless), or not known here. */
type Landing = string | typeof GONE | typeof UNKNOWN;
const GONE = Symbol('gone');
const UNKNOWN = Symbol('unknown');

/** The part a landing counts as, or undefined when it is free to change. */
function protectedPart(landing: Landing): string | undefined {
  if (landing === GONE) return undefined;
  if (landing === UNKNOWN) return 'unknown';
  return protectedSet.has(landing) ? landing : undefined;
}

export interface Screened {
  /** What to apply: the update itself when nothing was refused. */
  readonly update: Uint8Array;
  /** The protected parts it touched (`unknown`: it depended on content the server does not have); empty = accepted whole. */
  readonly refused: readonly string[];
}

type DecodedStruct = Y.Item | Y.GC | Y.Skip;
type Decoded = ReturnType<typeof Y.decodeUpdate>;
type DeleteSet = Decoded['ds'];

/** Screens a non-admin's update (see the top of this file). `decoded` is `Y.decodeUpdate(update)`, already made by the caller. */
export function screenUpdate(doc: Y.Doc, update: Uint8Array, decoded: Decoded = Y.decodeUpdate(update)): Screened {
  const tracer = new Tracer(doc, decoded.structs);
  const refused = new Set<string>();
  const refusedItems = new Set<Y.Item>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    // What the server holds already is skipped by Yjs (a client sending back what it received).
    if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue;
    const part = protectedPart(tracer.landing(struct));
    if (part === undefined) continue;
    refused.add(part);
    refusedItems.add(struct);
  }
  const deletes = screenDeletes(tracer, decoded.ds, refused);
  if (refused.size === 0) return { update, refused: [] };
  return { update: encodeScreened(decoded.structs, refusedItems, deletes), refused: Array.from(refused) };
}

/** Finds where structs land, in the room's document or in the update; memoized. */
class Tracer {
  private readonly byClient = new Map<number, DecodedStruct[]>();
  private readonly memo = new Map<Y.Item, Landing>();
  private rootKeys: Map<unknown, string> | undefined;

  constructor(
    private readonly doc: Y.Doc,
    structs: readonly DecodedStruct[],
  ) {
    for (const struct of structs) {
      let list = this.byClient.get(struct.id.client);
      if (list === undefined) this.byClient.set(struct.id.client, (list = []));
      list.push(struct);
    }
    for (const list of this.byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  }

  /** Where an item of the update lands. Iterative: an update may chain 100k items by their origins. */
  landing(item: Y.Item): Landing {
    const chain: Y.Item[] = [];
    let current: Y.Item = item;
    let result: Landing | undefined;
    for (;;) {
      const known = this.memo.get(current);
      if (known !== undefined) {
        result = known;
        break;
      }
      chain.push(current);
      const step = this.step(current);
      if (step instanceof Y.Item) {
        if (chain.includes(step)) {
          result = UNKNOWN; // a cycle: no valid update has one
          break;
        }
        current = step;
        continue;
      }
      result = step;
      break;
    }
    for (const link of chain) this.memo.set(link, result);
    return result;
  }

  /** Where an item of the room's document lands. */
  docLanding(struct: Y.Item): Landing {
    let type: unknown = struct.parent;
    for (;;) {
      if (!(type instanceof Y.AbstractType)) return UNKNOWN;
      const holder: Y.Item | null = type._item;
      if (holder === null) break;
      type = holder.parent;
    }
    this.rootKeys ??= new Map<unknown, string>(Array.from(this.doc.share, ([key, value]) => [value, key]));
    return this.rootKeys.get(type) ?? UNKNOWN;
  }

  /** The struct holding `id`: in the doc first (`inDoc`), then in the update; undefined when neither has it. */
  find(id: Y.ID): { struct: DecodedStruct; inDoc: boolean } | undefined {
    const stored = this.doc.store.clients.get(id.client);
    const last = stored?.[stored.length - 1];
    if (stored !== undefined && last !== undefined && id.clock < last.id.clock + last.length) {
      return { struct: stored[Y.findIndexSS(stored, id.clock)], inDoc: true };
    }
    const list = this.byClient.get(id.client);
    if (list === undefined) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = list[mid];
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return { struct, inDoc: false };
    }
    return undefined;
  }

  /** One step of tracing an update's item: a final landing, or the update item it lands with. */
  private step(item: Y.Item): Landing | Y.Item {
    const parent: unknown = item.parent;
    if (typeof parent === 'string') return parent;
    const via = parent instanceof Y.ID ? parent : (item.origin ?? item.rightOrigin);
    if (via === null) return UNKNOWN;
    const found = this.find(via);
    if (found === undefined || found.struct instanceof Y.Skip) return UNKNOWN;
    const { struct, inDoc } = found;
    if (!(struct instanceof Y.Item)) return GONE;
    // A parent must be an item holding a type (Yjs would fail on anything else).
    if (parent instanceof Y.ID && !(struct.content instanceof Y.ContentType)) return UNKNOWN;
    return inDoc ? this.docLanding(struct) : struct;
  }
}

/**
 * The delete set without the deletions of protected items (their parts added to `refused`);
 * deletions of what neither the doc nor the update holds are dropped too (`unknown`).
 */
function screenDeletes(tracer: Tracer, ds: DeleteSet, refused: Set<string>): Map<number, { clock: number; len: number }[]> {
  const kept = new Map<number, { clock: number; len: number }[]>();
  for (const [client, ranges] of ds.clients) {
    const out: { clock: number; len: number }[] = [];
    const keep = (clock: number, len: number): void => {
      const previous = out[out.length - 1];
      if (previous !== undefined && previous.clock + previous.len === clock) previous.len += len;
      else out.push({ clock, len });
    };
    for (const range of ranges) {
      let clock = range.clock;
      const end = range.clock + range.len;
      while (clock < end) {
        const found = tracer.find(Y.createID(client, clock));
        if (found === undefined || found.struct instanceof Y.Skip) {
          refused.add('unknown');
          clock = end; // nothing further of this range is known either
          continue;
        }
        const { struct, inDoc } = found;
        const upTo = Math.min(end, struct.id.clock + struct.length);
        let part: string | undefined;
        // Deleting what is deleted already changes nothing.
        if (struct instanceof Y.Item && !(inDoc && struct.deleted))
          part = protectedPart(inDoc ? tracer.docLanding(struct) : tracer.landing(struct));
        if (part === undefined) keep(clock, upTo - clock);
        else refused.add(part);
        clock = upTo;
      }
    }
    if (out.length > 0) kept.set(client, out);
  }
  return kept;
}

/** A V1 update of `structs` with the refused items as GC structs, and the screened delete set. */
function encodeScreened(
  structs: readonly DecodedStruct[],
  refusedItems: ReadonlySet<Y.Item>,
  deletes: Map<number, { clock: number; len: number }[]>,
): Uint8Array {
  const byClient = new Map<number, DecodedStruct[]>();
  for (const struct of structs) {
    let list = byClient.get(struct.id.client);
    if (list === undefined) byClient.set(struct.id.client, (list = []));
    list.push(struct);
  }
  const out = encoding.createEncoder();
  encoding.writeVarUint(out, byClient.size);
  for (const [client, list] of Array.from(byClient).sort((a, b) => b[0] - a[0])) {
    list.sort((a, b) => a.id.clock - b.id.clock);
    const written: DecodedStruct[] = [];
    let next = list[0].id.clock;
    for (const struct of list) {
      // A gap between two structs of one client (the format has one run per client): a Skip.
      if (struct.id.clock > next) written.push(new Y.Skip(Y.createID(client, next), struct.id.clock - next));
      written.push(struct instanceof Y.Item && refusedItems.has(struct) ? new Y.GC(struct.id, struct.length) : struct);
      next = struct.id.clock + struct.length;
    }
    const encoder = new Y.UpdateEncoderV1();
    for (const struct of written) struct.write(encoder, 0);
    encoding.writeVarUint(out, written.length);
    encoding.writeVarUint(out, client);
    encoding.writeVarUint(out, list[0].id.clock);
    encoding.writeUint8Array(out, encoder.toUint8Array());
  }
  encoding.writeVarUint(out, deletes.size);
  for (const [client, ranges] of Array.from(deletes).sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(out, client);
    encoding.writeVarUint(out, ranges.length);
    for (const { clock, len } of ranges) {
      encoding.writeVarUint(out, clock);
      encoding.writeVarUint(out, len);
    }
  }
  return encoding.toUint8Array(out);
}
