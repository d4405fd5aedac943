// The sync server against the stock one (@y/websocket-server 0.1.1, in memory), in the same run,
// on the same machine, with the same stock Yjs clients. Each server is a child process started
// the same way (node --expose-gc, 8 GB heap allowed, a probe preloaded that reports CPU time and
// heap after a full GC); clients run in child processes of their own.
//
// 1. Edit propagation with presence: N clients in one room, each with presence (awareness) as
//    stock clients keep it (re-announced every 15 s; each client re-announces once at a random
//    moment first, so renewals are spread as with real users). One edit every 100 ms by a random
//    full client, open loop, for LIAISON_BENCH_EDIT_SECONDS (default 20 s, longer than one
//    renewal round). Latency of an edit = from the edit (in the editing client's process) until
//    the LAST of the other N−1 clients has it, on one clock shared by the processes
//    (performance.timeOrigin + now). Clients are split over 2 processes, on the same 2 cores as
//    the server; LIAISON_BENCH_FULL_CLIENTS (default 20) of them are stock WebsocketProviders,
//    the others light clients doing on the wire what a stock client does (handshake, presence,
//    15 s renewals, awareness echoed back) without a Y.Doc (serverBenchClients.ts): 500 full
//    clients on 2 cores would measure the clients' own Yjs work, not the server. Server CPU
//    seconds per second are shown apart. LIAISON_BENCH_FULL_CLIENTS=500 runs all-stock clients.
// 2. Initial sync: a fresh stock client, from its creation to `synced`, of a space of 10k / 100k
//    records (~2.6 KB of Yjs state each). Liaison: the space is on disk; "cold" includes loading
//    it, "warm" is a later fresh client (space loaded, whole state cached). Stock: seeded in
//    pieces first (it keeps spaces in memory only), then the same fresh client. The client notes
//    when its socket opened, when content began to arrive and was first complete, and how long
//    its provider spent handling messages; the bench process also applies the same state with
//    no server at all (one update, and our 1 MiB pieces): the client's own floor.
// 3. Memory per idle space: S small spaces (20 records) opened and left; heap after a full GC.
//
// Parts 2 and 3 are serverBenchSync.ts and serverBenchIdle.ts. LIAISON_BENCH_SMOKE=1: tiny sizes
// (4 clients for 1 s, 50 records, 3 idle spaces), what npm test runs (test/unit/bench/smoke.test.ts).
// Smaller runs: LIAISON_BENCH_CLIENTS=100 LIAISON_BENCH_RECORDS=10000 LIAISON_BENCH_EDIT_SECONDS=10
// LIAISON_BENCH_IDLE_SPACES=50 LIAISON_BENCH_PARTS=propagation,sync,idle LIAISON_BENCH_SERVERS=liaison.
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

import { fmt, percentile, printTable, ratio, target, sized } from './report';
import type { Channel, ServerKind } from './serverBenchProcs';
import { benchDelay as delay, benchLog as log, benchTempDir as tempDir, startClients, startServer } from './serverBenchProcs';
import { initialSync } from './serverBenchSync';
import type { SyncResult } from './serverBenchSync';
import { idleMemory } from './serverBenchIdle';
import type { IdleMemory } from './serverBenchIdle';

const list = (name: string, fallback: string): number[] =>
  (process.env[name] ?? fallback)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
const clientCounts = list('LIAISON_BENCH_CLIENTS', sized('100,500', '4'));
const recordCounts = list('LIAISON_BENCH_RECORDS', sized('10000,100000', '50'));
const editSeconds = Number(process.env.LIAISON_BENCH_EDIT_SECONDS ?? sized(20, 1));
const fullClients = Number(process.env.LIAISON_BENCH_FULL_CLIENTS ?? sized(20, 2));
const idleSpaces = Number(process.env.LIAISON_BENCH_IDLE_SPACES ?? sized(100, 3));
const parts = new Set((process.env.LIAISON_BENCH_PARTS ?? 'propagation,sync,idle').split(','));
const kinds = (process.env.LIAISON_BENCH_SERVERS ?? 'liaison,stock')
  .split(',')
  .filter((k): k is ServerKind => k === 'liaison' || k === 'stock');
const editIntervalMs = 100;
const clientProcesses = 2;

interface Propagation {
  p50: number;
  p99: number;
  max: number;
  done: number;
  lost: number;
  serverCpu: number;
  clientMessagesPerSecond: number;
  /** CPU seconds per second of all client processes together. */
  clientCpu: number;
}

async function propagation(kind: ServerKind, clients: number): Promise<Propagation> {
  const dataDir = tempDir();
  const server = await startServer(kind, dataDir);
  const fleets: Channel[] = [];
  try {
    const per = Math.ceil(clients / clientProcesses);
    const sizes = Array.from({ length: clientProcesses }, (_, p) => Math.max(0, Math.min(per, clients - p * per))).filter((n) => n > 0);
    const fullPer = Math.max(1, Math.ceil(Math.min(fullClients, clients) / sizes.length));
    sizes.forEach((count, p) =>
      fleets.push(
        startClients('fleet', { url: server.url, room: 'bench', count, full: Math.min(fullPer, count), first: p * per, spreadMs: 15_000 }),
      ),
    );
    const started = Date.now();
    await Promise.all(fleets.map((fleet, p) => fleet.next((m) => m.type === 'ready', 600_000, `fleet ${p} ready`)));
    log(`${kind}, ${clients} clients: all synced in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const fleet of fleets) fleet.send({ type: 'spread' });
    const stats = async (): Promise<{ messages: number; cpu: number }> => {
      const answers = fleets.map((fleet) => fleet.next((m) => m.type === 'stats', 120_000, 'stats'));
      for (const fleet of fleets) fleet.send({ type: 'stats' });
      const all = await Promise.all(answers);
      return { messages: all.reduce((sum, m) => sum + Number(m.messages), 0), cpu: all.reduce((sum, m) => sum + Number(m.cpuSeconds), 0) };
    };

    const edited = new Map<number, number>();
    const received = new Map<number, number[]>();
    const release = fleets.map((fleet) =>
      fleet.onMessage((m) => {
        if (m.type === 'edited') edited.set(Number(m.id), Number(m.at));
        if (m.type === 'received') received.set(Number(m.id), [...(received.get(Number(m.id)) ?? []), Number(m.at)]);
      }),
    );
    const cpu0 = await server.cpuSeconds();
    const messages0 = await stats();
    const t0 = Date.now();
    const edits = Math.round((editSeconds * 1000) / editIntervalMs);
    for (let id = 0; id < edits; id++) {
      const wait = t0 + id * editIntervalMs - Date.now();
      if (wait > 0) await delay(wait);
      const p = Math.floor(Math.random() * fleets.length);
      fleets[p].send({ type: 'edit', id, by: Math.floor(Math.random() * sizes[p]) });
    }
    const complete = (id: number): boolean => (received.get(id)?.length ?? 0) === fleets.length && edited.has(id);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !Array.from({ length: edits }, (_, id) => id).every(complete)) await delay(50);
    const elapsed = (Date.now() - t0) / 1000;
    const cpu1 = await server.cpuSeconds();
    const messages1 = await stats();
    release.forEach((off) => off());
    const latencies: number[] = [];
    const dump: number[][] = [];
    for (let id = 0; id < edits; id++) {
      if (!complete(id)) continue;
      const times = received.get(id) ?? [];
      latencies.push(Math.max(...times) - (edited.get(id) ?? 0));
      dump.push([id, edited.get(id) ?? 0, ...times.map((t) => t - (edited.get(id) ?? 0))]);
    }
    // For a closer look at the tail: LIAISON_BENCH_DUMP=file writes [id, edited at, latency per client process…].
    if (process.env.LIAISON_BENCH_DUMP) writeFileSync(`${process.env.LIAISON_BENCH_DUMP}-${kind}-${clients}.json`, JSON.stringify(dump));
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      done: latencies.length,
      lost: edits - latencies.length,
      serverCpu: (cpu1 - cpu0) / elapsed,
      clientMessagesPerSecond: (messages1.messages - messages0.messages) / elapsed,
      clientCpu: (messages1.cpu - messages0.cpu) / elapsed,
    };
  } finally {
    for (const fleet of fleets) {
      fleet.send({ type: 'stop' });
      const timer = setTimeout(() => void fleet.kill(), 10_000);
      await fleet.exited;
      clearTimeout(timer);
    }
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const targets: string[] = [];
  // Other work on the machine skews latencies: say how busy it was.
  const load = (): string =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
  process.stdout.write(`load average at start: ${load()} (${cpus().length} cores)\n`);

  if (parts.has('propagation')) {
    const rows: string[][] = [
      ['clients', 'server', 'p50 ms', 'p99 ms', 'max ms', 'edits ok/lost', 'server CPU s/s', 'client CPU s/s', 'msgs to clients /s'],
    ];
    const ratios: string[][] = [['clients', 'p50 liaison vs stock', 'p99 liaison vs stock', 'server CPU', 'msgs to clients']];
    for (const clients of clientCounts) {
      const results = new Map<ServerKind, Propagation>();
      for (const kind of kinds) {
        log(`propagation: ${kind}, ${clients} clients with presence`);
        const result = await propagation(kind, clients);
        results.set(kind, result);
        rows.push([
          String(clients),
          kind,
          fmt(result.p50),
          fmt(result.p99),
          fmt(result.max),
          `${result.done}/${result.lost}`,
          fmt(result.serverCpu, 2),
          fmt(result.clientCpu, 2),
          fmt(result.clientMessagesPerSecond, 0),
        ]);
      }
      const ours = results.get('liaison');
      const theirs = results.get('stock');
      if (ours && theirs) {
        ratios.push([
          String(clients),
          ratio(ours.p50, theirs.p50),
          ratio(ours.p99, theirs.p99),
          ratio(ours.serverCpu, theirs.serverCpu),
          ratio(ours.clientMessagesPerSecond, theirs.clientMessagesPerSecond),
        ]);
      }
      if (ours && clients >= 500) targets.push(target(`propagation p99 at ${clients} clients with presence`, ours.p99, 50, 'ms'));
    }
    process.stdout.write(
      `\nEdit propagation, clients with presence (one edit every ${editIntervalMs} ms for ${editSeconds} s; time until the last client has it; ${fullClients} stock clients, the rest light)\n`,
    );
    printTable(rows);
    process.stdout.write('\n');
    printTable(ratios);
  }

  if (parts.has('sync')) {
    const rows: string[][] = [['records', 'state MB', 'liaison cold s', 'liaison warm s', 'stock s', 'warm vs stock', 'stock seeding s']];
    const show = (r: SyncResult): string =>
      r.ok ? `${fmt(r.ms / 1000, 2)} (${fmt((r.applyMs ?? 0) / 1000, 2)})` : `FAILED: ${r.error ?? '?'}`;
    const s = (ms: number | undefined): string => fmt((ms ?? Number.NaN) / 1000, 2);
    const detail: string[][] = [
      [
        'records',
        'client of',
        'total s',
        'open s',
        'first byte s',
        'first message s',
        'in handler s',
        'of which applying s',
        'messages',
        'MB',
      ],
    ];
    const addDetail = (records: number, label: string, r: SyncResult): void => {
      if (r.ok)
        detail.push([
          String(records),
          label,
          s(r.ms),
          s(r.openAt),
          s(r.firstByteAt),
          s(r.firstContentAt),
          s(r.handlerMs),
          s(r.applyMs),
          String(r.contentMessages ?? '—'),
          fmt((r.contentBytes ?? 0) / 2 ** 20),
        ]);
    };
    const own: string[][] = [
      [
        'records',
        'stock server encodes s',
        'one update: applying s',
        'with update event s',
        '1 MiB pieces: applying s',
        'with update event s',
        'pieces',
      ],
    ];
    for (const records of recordCounts) {
      log(`initial sync: ${records} records`);
      const result = await initialSync(records, kinds);
      addDetail(records, 'liaison cold', result.liaisonCold);
      addDetail(records, 'liaison warm', result.liaisonWarm);
      addDetail(records, 'stock', result.stock);
      const floor = result.inProcess;
      if (floor)
        own.push([
          String(records),
          s(floor.encodeMs),
          s(floor.wholeTxMs),
          s(floor.wholeMs),
          s(floor.piecesTxMs),
          s(floor.piecesMs),
          String(floor.pieces),
        ]);
      rows.push([
        String(records),
        fmt(result.stateMB),
        show(result.liaisonCold),
        show(result.liaisonWarm),
        show(result.stock),
        result.stock.ok && result.liaisonWarm.ok ? ratio(result.liaisonWarm.ms, result.stock.ms) : '—',
        fmt(result.stockSeedSeconds, 1),
      ]);
      if (records === 10_000 && result.stock.ok && result.liaisonWarm.ok) {
        const speedup = result.stock.ms / result.liaisonWarm.ms;
        // No server can bring a stock client to `synced` sooner than the client takes to handle
        // the state itself (decode, integrate, and the update event its provider listens to):
        // the stock run's own handling time, in the same run, bounds the ratio.
        const own = result.stock.handlerMs;
        const ceiling =
          own === undefined
            ? ''
            : `; the stock client spent ${s(own)} s of its ${s(result.stock.ms)} s handling the state itself, so no server can do better than ${fmt(result.stock.ms / own, 2)}×`;
        targets.push(
          `target 10k initial sync ≥ 2× faster than stock: ${speedup >= 2 ? 'met' : 'NOT met'} (${fmt(speedup, 2)}×; cold ${fmt(result.stock.ms / result.liaisonCold.ms, 2)}×${ceiling})`,
        );
      }
      if (records >= 100_000)
        targets.push(
          `target ${records} records complete: ${result.liaisonCold.ok && result.liaisonWarm.ok ? 'met' : 'NOT met'} (liaison ${show(result.liaisonWarm)} s warm, ${show(result.liaisonCold)} s cold; stock ${show(result.stock)})`,
        );
    }
    process.stdout.write(
      '\nInitial sync of a fresh stock client (creation to synced; in brackets, the part the client spent applying updates)\n',
    );
    printTable(rows);
    process.stdout.write(
      '\nWhere the time goes (median run; from the client\'s creation; "in handler" is the provider handling messages: decoding, applying, its update event)\n',
    );
    printTable(detail);
    process.stdout.write("\nThe same state in one process, no server, no network: a stock client's own floor (median of 3)\n");
    printTable(own);
    process.stdout.write(
      'The stock server encodes the whole state per fresh client, then sends it as one message; Liaison sends cached pieces at once,\n' +
        "so its client starts applying within milliseconds and the rest is the client's own work, which no server can shorten.\n",
    );
  }

  if (parts.has('idle')) {
    const rows: string[][] = [['server', `heap per idle space KB (${idleSpaces} spaces of 20 records)`, 'spaces still loaded']];
    const results = new Map<ServerKind, IdleMemory>();
    for (const kind of kinds) {
      log(`idle memory: ${kind}`);
      const result = await idleMemory(kind, idleSpaces);
      results.set(kind, result);
      rows.push([kind, fmt(result.perSpaceKB), String(result.loadedAfter)]);
    }
    process.stdout.write('\nServer memory per idle space (after a full GC)\n');
    printTable(rows);
    const ours = results.get('liaison');
    const theirs = results.get('stock');
    if (ours && theirs) process.stdout.write(`liaison vs stock: ${ratio(Math.max(ours.perSpaceKB, 0.1), theirs.perSpaceKB)}\n`);
  }

  process.stdout.write(
    `\n${targets.join('\n')}\n(total ${((Date.now() - started) / 1000).toFixed(0)} s; load average at end: ${load()})\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`server bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
