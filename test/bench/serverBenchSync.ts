// Part 2 of the server benchmark (server.bench.ts): the initial sync of a fresh stock client, from
// its creation to `synced`, of a large space, on the Liaison server (cold: loading the space from
// disk; warm: a later client) and on the stock one (seeded in pieces first), and the client's own
// floor: the same state applied in this process with no server at all.
import { cpSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { PersistedSpace } from '../../src/store/persistedSpace';
import { encodeStateAsUpdates } from '../../src/protocol/updateChunks';
import { percentile } from './report';
import { fillBenchDoc } from './serverBenchData';
import type { ServerKind, ServerUnderTest } from './serverBenchProcs';
import { benchLog as log, benchTempDir as tempDir, startClients, startServer } from './serverBenchProcs';

export interface SyncResult {
  ok: boolean;
  ms: number;
  /** Of which the client spent applying updates. */
  applyMs?: number;
  records?: number;
  error?: string;
  /** From the client's creation: websocket open, first content byte, first content message complete. */
  openAt?: number;
  firstByteAt?: number;
  firstContentAt?: number;
  contentMessages?: number;
  contentBytes?: number;
  /** In the provider's message handler (decode, apply, the doc's update event, replies). */
  handlerMs?: number;
}

async function syncOnce(server: ServerUnderTest, records: number): Promise<SyncResult> {
  const heap = records > 20_000 ? 8192 : 4096;
  const client = startClients('sync', { url: server.url, room: 'bench', timeoutMs: records > 20_000 ? 400_000 : 120_000 }, heap);
  const result = await client.next((m) => m.type === 'sync-result', 420_000, 'sync result');
  await client.kill();
  const outcome = result as unknown as SyncResult;
  if (outcome.ok && outcome.records !== records)
    return { ok: false, ms: outcome.ms, error: `synced with ${outcome.records} of ${records} records` };
  return outcome;
}

/** A stock client's own cost of the state, in this process (no server, no network). */
export interface InProcessApply {
  /** `Y.encodeStateAsUpdate(doc)`: what the stock server does per fresh client. */
  encodeMs: number;
  /** One whole update: inside the transaction (as the bench's brackets), and all of `applyUpdate` with an `update` listener (as a provider has). */
  wholeTxMs: number;
  wholeMs: number;
  /** The pieces our server sends (1 MiB), one `applyUpdate` each. */
  piecesTxMs: number;
  piecesMs: number;
  pieces: number;
}

/** Median of `runs` timings of applying `updates` to a fresh doc that listens for updates as a WebsocketProvider does. */
function timeApply(updates: readonly Uint8Array[], runs: number): { txMs: number; ms: number } {
  const tx: number[] = [];
  const all: number[] = [];
  for (let run = 0; run < runs; run++) {
    (globalThis as { gc?: () => void }).gc?.();
    const doc = new Y.Doc();
    let inTx = 0;
    let began = 0;
    doc.on('beforeTransaction', () => {
      began = performance.now();
    });
    doc.on('afterTransaction', () => {
      inTx += performance.now() - began;
    });
    doc.on('update', () => undefined);
    const start = performance.now();
    for (const update of updates) Y.applyUpdate(doc, update, 'remote');
    all.push(performance.now() - start);
    tx.push(inTx);
    doc.destroy();
  }
  return { txMs: percentile(tx, 50), ms: percentile(all, 50) };
}

function inProcessApply(doc: Y.Doc): InProcessApply {
  const encodeStart = performance.now();
  const whole = Y.encodeStateAsUpdate(doc);
  const encodeMs = performance.now() - encodeStart;
  const pieces = encodeStateAsUpdates(doc, undefined, { maxBytes: 2 ** 20 });
  const one = timeApply([whole], 3);
  const split = timeApply(pieces, 3);
  return { encodeMs, wholeTxMs: one.txMs, wholeMs: one.ms, piecesTxMs: split.txMs, piecesMs: split.ms, pieces: pieces.length };
}

export interface InitialSync {
  stateMB: number;
  inProcess?: InProcessApply;
  liaisonCold: SyncResult;
  liaisonWarm: SyncResult;
  stock: SyncResult;
  stockSeedSeconds: number;
}

function median(results: SyncResult[]): SyncResult {
  const ok = results.filter((r) => r.ok);
  if (ok.length === 0) return results[0];
  const middle = percentile(
    ok.map((r) => r.ms),
    50,
  );
  return ok.find((r) => r.ms === middle) ?? ok[0];
}

/** The initial sync of a space of `records` records, for each server of `kinds`. */
export async function initialSync(records: number, kinds: readonly ServerKind[]): Promise<InitialSync> {
  const source = tempDir();
  const runs = records > 20_000 ? 1 : 3;
  try {
    log(`generating ${records} records`);
    let space: PersistedSpace | undefined = await PersistedSpace.open(join(source, 'spaces', 'bench'), 'bench', {
      compactAfterBytes: Number.MAX_SAFE_INTEGER,
    });
    fillBenchDoc(space.doc, 0, records, 'bench');
    await space.compact();
    const stateMB = statSync(join(source, 'spaces', 'bench', 'snapshot.bin')).size / 2 ** 20;
    const inProcess = records <= 20_000 ? inProcessApply(space.doc) : undefined;
    await space.close();
    space.doc.destroy();
    space = undefined;

    const notRun: SyncResult = { ok: false, ms: Number.NaN, error: 'not run' };
    const results: InitialSync = {
      stateMB,
      inProcess,
      liaisonCold: notRun,
      liaisonWarm: notRun,
      stock: notRun,
      stockSeedSeconds: Number.NaN,
    };
    if (kinds.includes('liaison')) await liaisonSync(source, records, runs, results);
    if (kinds.includes('stock')) await stockSync(source, records, runs, results);
    return results;
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
}

async function liaisonSync(source: string, records: number, runs: number, results: InitialSync): Promise<void> {
  const dataDir = tempDir();
  cpSync(source, dataDir, { recursive: true });
  const ours = await startServer('liaison', dataDir);
  try {
    results.liaisonCold = await syncOnce(ours, records);
    log(`liaison cold ${records}: ${JSON.stringify(results.liaisonCold)}`);
    const warm: SyncResult[] = [];
    for (let i = 0; i < runs; i++) warm.push(await syncOnce(ours, records));
    results.liaisonWarm = median(warm);
    log(`liaison warm ${records}: ${JSON.stringify(warm)}`);
  } finally {
    await ours.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function stockSync(source: string, records: number, runs: number, results: InitialSync): Promise<void> {
  const stock = await startServer('stock', source);
  try {
    // The stock server keeps spaces in memory only: it gets the same space pushed in pieces.
    const seeder = startClients('seed', { url: stock.url, room: 'bench', dir: source, pieceBytes: 8 * 2 ** 20 }, 8192);
    const seeded = await seeder.next((m) => m.type === 'seeded' || m.type === 'seed-failed', 600_000, 'stock seeded');
    await seeder.kill();
    if (seeded.type !== 'seeded') throw new Error(`seeding the stock server failed: ${String(seeded.error)}`);
    results.stockSeedSeconds = Number(seeded.ms) / 1000;
    const tries: SyncResult[] = [];
    for (let i = 0; i < runs; i++) {
      tries.push(await syncOnce(stock, records));
      if (!tries[tries.length - 1].ok) break;
    }
    results.stock = median(tries);
    log(`stock ${records}: ${JSON.stringify(tries)}`);
  } finally {
    await stock.stop();
  }
}
