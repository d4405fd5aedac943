// Search at 10k and 100k records: our segmented index (compact engine, and lunr where it fits in
// memory), MiniSearch and FlexSearch, on the same deterministic corpus (searchCorpus.ts) in the
// same run, all with our analyzer (so every engine finds the same words). Measured: build time,
// index heap, query p50/p95, edit-to-searchable, cold open; and for our index behind its worker,
// the longest stall of the host's event loop while it indexes and opens.
//   LIAISON_BENCH_SIZES=10000          sizes to run (default 10000,100000)
//   LIAISON_BENCH_LUNR_MAX=10000       largest size lunr is built at (default 10000: at 100k its
//                                      heap passes the 8 GB the runner allows; see the projection)
//   LIAISON_BENCH_BUDGET_S=240         time budget of a MiniSearch / FlexSearch build; past it the
//                                      build stops and its time is projected (0: no budget)
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Index as FlexIndex } from 'flexsearch';
import MiniSearch from 'minisearch';
import { compactEngine } from '../../src/search/compactEngine';
import type { SearchEngine } from '../../src/search/engine';
import { lunrEngine } from '../../src/search/lunrEngine';
import type { SearchOptions } from '../../src/search/searchApi';
import { SEARCH_FIELDS, toSearchDoc } from '../../src/search/searchDoc';
import type { SearchDoc } from '../../src/search/searchDoc';
import { SearchIndex } from '../../src/search/searchIndex';
import { analyzeTerms } from '../../src/search/tokenizer';
import { SearchWorkerClient } from '../../src/search/workerClient';
import { SyntheticCorpus } from './searchCorpus';
import { fmt, heapUsedMB, percentile, printTable, ratio, target, sized } from './report';

/**
 * Heap plus ArrayBuffers after a full collection: the compact index keeps its postings in typed
 * arrays, whose memory V8 counts outside heapUsed.
 */
function memoryMB(): number {
  const heap = heapUsedMB();
  return heap + process.memoryUsage().arrayBuffers / 1024 / 1024;
}

interface QueryCase {
  /** What a user types into our search box. */
  readonly text: string;
  readonly options?: SearchOptions;
  /** The same need for MiniSearch / FlexSearch (plain words), with MiniSearch's prefix / fuzzy. */
  readonly plain: string;
  readonly prefix?: boolean;
  readonly fuzzy?: boolean;
}

const QUERIES: readonly QueryCase[] = [
  { text: '接口延迟', plain: '接口延迟' },
  { text: '付款条款', plain: '付款条款' },
  { text: '需求', plain: '需求' },
  { text: '评审 交付', plain: '评审 交付' },
  { text: '么习', plain: '么习' }, // the most frequent word of the corpus
  { text: '蓝海科技', plain: '蓝海科技' },
  { text: '王伟', plain: '王伟' },
  { text: 'payment timeout', plain: 'payment timeout' },
  { text: 'payments', plain: 'payments' },
  { text: 'review contract', plain: 'review contract' },
  { text: '接口 payment', plain: '接口 payment' },
  { text: 'paym', options: { typing: true }, plain: 'paym', prefix: true },
  { text: 'paymnet', plain: 'paymnet', fuzzy: true },
  { text: 'title:接口延迟', plain: '接口延迟' },
  { text: '付款 kind:external-request', plain: '付款' },
  { text: '接口延迟 status:archived after:2022-01-01', plain: '接口延迟' },
];
const ROUNDS = sized(5, 1);
const EDITS = sized(20, 3);
const BATCH = 5000;
const WORKER_BATCH = 200;

interface Row {
  readonly name: string;
  buildMs?: number;
  mergedMs?: number;
  heapMB?: number;
  p50?: number;
  p95?: number;
  editP50?: number;
  editP95?: number;
  openMs?: number;
  diskMB?: number;
  note?: string;
}

const workerPath = join(__dirname, '..', '..', 'src', 'search', 'worker.js');

function edited(doc: SearchDoc, round: number): SearchDoc {
  return { ...doc, body: `${doc.body}\nedited zqx${round}marker 追加说明`, status: 'in-progress' };
}

async function dirMB(dir: string): Promise<number> {
  let bytes = 0;
  for (const name of await readdir(dir)) bytes += (await stat(join(dir, name))).size;
  return bytes / 1024 / 1024;
}

async function sample(run: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function timeQueries(search: (query: QueryCase) => Promise<unknown> | unknown): Promise<number[]> {
  for (const query of QUERIES) await search(query); // warm-up: JIT, page cache
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) for (const query of QUERIES) samples.push(await sample(() => search(query)));
  return samples;
}

/** Our segmented index in this process (heap, queries, edits, cold open). */
async function ours(engine: SearchEngine, docs: readonly SearchDoc[], baseline: number): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), `liaison-bench-${engine.id}-`));
  try {
    const row: Row = { name: `ours: segments + ${engine.id.split('-')[0]}` };
    const started = performance.now();
    let index = await SearchIndex.open(dir, { engine });
    for (let from = 0; from < docs.length; from += BATCH) await index.upsert(docs.slice(from, from + BATCH));
    row.buildMs = performance.now() - started;
    await index.settle();
    row.mergedMs = performance.now() - started;
    row.heapMB = memoryMB() - baseline;
    const samples = await timeQueries((query) => index.search(query.text, { limit: 10, ...query.options }));
    row.p50 = percentile(samples, 50);
    row.p95 = percentile(samples, 95);
    const edits: number[] = [];
    for (let round = 0; round < EDITS; round++) {
      const doc = edited(docs[(round * 7919) % docs.length], round);
      edits.push(
        await sample(async () => {
          await index.upsert([doc]);
          const found = await index.search(`zqx${round}marker`);
          if (found.total !== 1) throw new Error(`edit ${round} not found (${found.total})`);
        }),
      );
    }
    row.editP50 = percentile(edits, 50);
    row.editP95 = percentile(edits, 95);
    await index.commit();
    await index.close();
    row.diskMB = await dirMB(dir);
    heapUsedMB();
    const opening = performance.now();
    index = await SearchIndex.open(dir, { engine });
    await index.search('接口延迟');
    row.openMs = performance.now() - opening;
    await index.close();
    return row;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Our index behind its worker, as the extension host uses it, fed as SpaceIndexer feeds it: records
 * turned into docs a few at a time between turns of the event loop, sent 500 to a message. The
 * host's longest event-loop stall is measured while it indexes and while it opens the index.
 */
interface HostView {
  readonly row: Row;
  /** Longest event-loop delay while indexing, and its 99th percentile. */
  readonly indexStallMs: number;
  readonly indexStallP99Ms: number;
  /** Longest synchronous postMessage of a batch (the host's own share of the work). */
  readonly postMs: number;
  readonly openStallMs: number;
}

async function oursInWorker(corpus: SyntheticCorpus, size: number): Promise<HostView> {
  const dir = await mkdtemp(join(tmpdir(), 'liaison-bench-worker-'));
  const monitor = monitorEventLoopDelay({ resolution: 5 });
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  try {
    const row: Row = { name: 'ours in worker (host view)' };
    let client = new SearchWorkerClient({ workerPath, engine: 'compact', maxHeapMb: 4096 });
    monitor.enable();
    const started = performance.now();
    await client.open('bench', dir);
    let batch: SearchDoc[] = [];
    let postMs = 0;
    for (let index = 0; index < size; index++) {
      batch.push(toSearchDoc(corpus.record(index)));
      if (index % 25 === 24) await turn();
      if (batch.length === WORKER_BATCH || index === size - 1) {
        const posting = performance.now();
        const sent = client.upsert('bench', batch);
        postMs = Math.max(postMs, performance.now() - posting);
        await sent;
        batch = [];
      }
    }
    row.buildMs = performance.now() - started;
    // Background merges: polled (this is a benchmark, not a test).
    while ((await client.stats()).some((stats) => stats.merging)) await new Promise((resolve) => setTimeout(resolve, 50));
    row.mergedMs = performance.now() - started;
    monitor.disable();
    const indexStallMs = monitor.max / 1e6;
    const indexStallP99Ms = monitor.percentile(99) / 1e6;
    const samples = await timeQueries((query) => client.search(query.text, { limit: 10, ...query.options }));
    row.p50 = percentile(samples, 50);
    row.p95 = percentile(samples, 95);
    const edits: number[] = [];
    for (let round = 0; round < EDITS; round++) {
      const doc = edited(toSearchDoc(corpus.record((round * 104729) % size)), round);
      edits.push(
        await sample(async () => {
          await client.upsert('bench', [doc]);
          const found = await client.search(`zqx${round}marker`);
          if (found.total !== 1) throw new Error(`edit ${round} not found through the worker (${found.total})`);
        }),
      );
    }
    row.editP50 = percentile(edits, 50);
    row.editP95 = percentile(edits, 95);
    await client.commit('bench');
    await client.dispose();
    monitor.reset();
    monitor.enable();
    const opening = performance.now();
    client = new SearchWorkerClient({ workerPath, engine: 'compact', maxHeapMb: 4096 });
    await client.open('bench', dir);
    await client.search('接口延迟');
    row.openMs = performance.now() - opening;
    monitor.disable();
    await client.dispose();
    return { row, indexStallMs, indexStallP99Ms, postMs, openStallMs: monitor.max / 1e6 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Adds docs in chunks until done or past the budget; undefined when done, else how many were added. */
function addWithin(docs: readonly SearchDoc[], budgetMs: number, add: (chunk: readonly SearchDoc[]) => void): number | undefined {
  const started = performance.now();
  for (let from = 0; from < docs.length; from += 1000) {
    add(docs.slice(from, from + 1000));
    if (budgetMs > 0 && performance.now() - started > budgetMs && from + 1000 < docs.length) return from + 1000;
  }
  return undefined;
}

function unfinished(name: string, added: number, size: number, elapsedMs: number): Row {
  return {
    name,
    note: `build stopped at the time budget: ${added} of ${size} docs in ${fmt(elapsedMs / 1000)} s (≥ ${fmt((elapsedMs / 1000) * (size / added))} s projected, linear)`,
  };
}

const BOOST: Record<string, number> = { title: 10, tags: 5, counterpart: 3, people: 3, body: 1 };
const tokenize = (text: string): string[] => analyzeTerms(text);

async function miniSearch(docs: readonly SearchDoc[], baseline: number, budgetMs: number): Promise<Row> {
  const row: Row = { name: 'MiniSearch 7 (our analyzer)' };
  const options = {
    fields: [...SEARCH_FIELDS],
    tokenize,
    processTerm: (term: string): string => term,
    searchOptions: { combineWith: 'AND' as const, boost: BOOST },
  };
  let index: MiniSearch<SearchDoc> | undefined = new MiniSearch<SearchDoc>(options);
  const built = index;
  const started = performance.now();
  const added = addWithin(docs, budgetMs, (chunk) => built.addAll(chunk as SearchDoc[]));
  row.buildMs = performance.now() - started;
  if (added !== undefined) return unfinished(row.name, added, docs.length, row.buildMs);
  row.heapMB = memoryMB() - baseline;
  const samples = await timeQueries((query) =>
    built.search(query.plain, { prefix: query.prefix, fuzzy: query.fuzzy ? 0.2 : undefined }).slice(0, 10),
  );
  row.p50 = percentile(samples, 50);
  row.p95 = percentile(samples, 95);
  const edits: number[] = [];
  for (let round = 0; round < EDITS; round++) {
    const doc = edited(docs[(round * 7919) % docs.length], round);
    edits.push(
      await sample(() => {
        built.replace(doc);
        if (built.search(`zqx${round}marker`).length !== 1) throw new Error('MiniSearch edit not found');
      }),
    );
  }
  row.editP50 = percentile(edits, 50);
  row.editP95 = percentile(edits, 95);
  const json = JSON.stringify(built);
  row.diskMB = Buffer.byteLength(json) / 1024 / 1024;
  index = undefined;
  heapUsedMB();
  const opening = performance.now();
  index = MiniSearch.loadJSON<SearchDoc>(json, options);
  index.search('接口延迟');
  row.openMs = performance.now() - opening;
  return row;
}

async function flexSearch(docs: readonly SearchDoc[], baseline: number, budgetMs: number): Promise<Row> {
  const row: Row = { name: 'FlexSearch 0.8 (our analyzer)' };
  const make = (): FlexIndex => new FlexIndex({ tokenize: 'strict', encode: tokenize });
  const text = (doc: SearchDoc): string => SEARCH_FIELDS.map((field) => doc[field]).join('\n');
  const ids = new Map<string, number>();
  docs.forEach((doc, number) => ids.set(doc.id, number));
  let index: FlexIndex | undefined = make();
  const built = index;
  const started = performance.now();
  const added = addWithin(docs, budgetMs, (chunk) => chunk.forEach((doc) => built.add(ids.get(doc.id) as number, text(doc))));
  row.buildMs = performance.now() - started;
  if (added !== undefined) return unfinished(row.name, added, docs.length, row.buildMs);
  row.heapMB = memoryMB() - baseline;
  const samples = await timeQueries((query) => built.search(query.plain, { limit: 10 }));
  row.p50 = percentile(samples, 50);
  row.p95 = percentile(samples, 95);
  const edits: number[] = [];
  for (let round = 0; round < EDITS; round++) {
    const doc = edited(docs[(round * 7919) % docs.length], round);
    edits.push(
      await sample(() => {
        built.update(ids.get(doc.id) as number, text(doc));
        if ((built.search(`zqx${round}marker`) as unknown[]).length !== 1) throw new Error('FlexSearch edit not found');
      }),
    );
  }
  row.editP50 = percentile(edits, 50);
  row.editP95 = percentile(edits, 95);
  const exported = new Map<string, string>();
  built.export((key: string | number, data: string) => void exported.set(String(key), data));
  row.diskMB = [...exported.values()].reduce((sum, data) => sum + Buffer.byteLength(data ?? ''), 0) / 1024 / 1024;
  index = undefined;
  heapUsedMB();
  const opening = performance.now();
  index = make();
  for (const [key, data] of exported) index.import(key, data);
  index.search('接口延迟');
  row.openMs = performance.now() - opening;
  return row;
}

const ms = (value: number | undefined): string => (value === undefined ? '—' : `${fmt(value)} ms`);
const seconds = (value: number | undefined): string => (value === undefined ? '—' : `${fmt(value / 1000)} s`);

function report(size: number, rows: readonly Row[]): void {
  printTable([
    ['index', 'build', 'build+merges', 'heap+buffers', 'query p50', 'query p95', 'edit p50', 'edit p95', 'cold open', 'on disk'],
    ...rows.map((row) =>
      row.note
        ? [row.name, row.note, '', '', '', '', '', '', '', '']
        : [
            row.name,
            seconds(row.buildMs),
            seconds(row.mergedMs),
            row.heapMB === undefined ? '—' : `${fmt(row.heapMB)} MB`,
            ms(row.p50),
            ms(row.p95),
            ms(row.editP50),
            ms(row.editP95),
            row.openMs === undefined ? '—' : seconds(row.openMs),
            row.diskMB === undefined ? '—' : `${fmt(row.diskMB)} MB`,
          ],
    ),
  ]);
  const [main] = rows;
  for (const other of rows.filter((row) => /MiniSearch|FlexSearch/.test(row.name))) {
    process.stdout.write(
      `ours (compact) vs ${other.name.split(' (')[0]} at ${size}: build ${ratio(main.buildMs ?? NaN, other.buildMs ?? NaN)}, heap ${ratio(main.heapMB ?? NaN, other.heapMB ?? NaN)}, ` +
        `p50 ${ratio(main.p50 ?? NaN, other.p50 ?? NaN)}, p95 ${ratio(main.p95 ?? NaN, other.p95 ?? NaN)}, edit ${ratio(main.editP95 ?? NaN, other.editP95 ?? NaN)}, ` +
        `cold open ${ratio(main.openMs ?? NaN, other.openMs ?? NaN)}\n`,
    );
  }
}

async function main(): Promise<void> {
  const sizes = (process.env.LIAISON_BENCH_SIZES ?? sized('10000,100000', '120'))
    .split(',')
    .map(Number)
    .filter((size) => size > 0);
  const lunrMax = Number(process.env.LIAISON_BENCH_LUNR_MAX ?? 10000);
  const corpus = new SyntheticCorpus();
  let lunrHeapPerDoc: number | undefined;
  const budgetMs = Number(process.env.LIAISON_BENCH_BUDGET_S ?? 240) * 1000;
  for (const size of sizes) {
    process.stdout.write(
      `\n--- ${size} records (~2 KB each, mixed Chinese/English; queries: ${QUERIES.length} kinds × ${ROUNDS} rounds; ${EDITS} edits) ---\n`,
    );
    // The worker run first, while this process holds no corpus: its heap is then the host's own.
    const worker = await oursInWorker(corpus, size);
    const generating = performance.now();
    const docs: SearchDoc[] = [];
    for (const record of corpus.records(size)) docs.push(toSearchDoc(record));
    process.stdout.write(`corpus generated in ${fmt((performance.now() - generating) / 1000)} s\n`);
    const baseline = memoryMB();
    const rows: Row[] = [await ours(compactEngine, docs, baseline), worker.row];
    if (size <= lunrMax) {
      const lunrRow = await ours(lunrEngine, docs, memoryMB());
      lunrHeapPerDoc = (lunrRow.heapMB ?? NaN) / size;
      rows.push(lunrRow);
    } else {
      const projected =
        lunrHeapPerDoc === undefined
          ? 'not measured at a smaller size'
          : `~${fmt((lunrHeapPerDoc * size) / 1024)} GB projected from ${fmt(lunrHeapPerDoc * 1024)} KB/record`;
      rows.push({ name: 'ours: segments + lunr', note: `not built at ${size}: heap ${projected}` });
    }
    rows.push(await miniSearch(docs, memoryMB(), budgetMs));
    rows.push(await flexSearch(docs, memoryMB(), budgetMs));
    report(size, rows);
    const main = rows[0];
    for (const line of [
      target(`query p95 at ${size} (in process)`, main.p95 ?? NaN, 20, 'ms'),
      target(`query p95 at ${size} (through the worker)`, worker.row.p95 ?? NaN, 20, 'ms'),
      target(`edit-to-searchable p95 at ${size} (through the worker)`, worker.row.editP95 ?? NaN, 250, 'ms'),
      target(`cold open at ${size} (through the worker, to the first answer)`, worker.row.openMs ?? NaN, 2000, 'ms'),
      target(`index heap at ${size}`, main.heapMB ?? NaN, 600, 'MB'),
      target(`host event-loop stall while indexing ${size}`, worker.indexStallMs, 50, 'ms'),
      target(`host event-loop stall while opening ${size}`, worker.openStallMs, 50, 'ms'),
    ]) {
      process.stdout.write(`${line}\n`);
    }
    process.stdout.write(
      `host while indexing ${size}: event-loop delay p99 ${fmt(worker.indexStallP99Ms)} ms; longest postMessage of ${WORKER_BATCH} docs ${fmt(worker.postMs)} ms; ` +
        `load average now ${loadavg()
          .map((load) => load.toFixed(1))
          .join(' ')} (2 cores; other processes share them)\n`,
    );
    const lunrRow = rows.find((row) => row.name.includes('lunr'));
    if (lunrRow && !lunrRow.note) {
      for (const line of [
        target(`lunr: query p95 at ${size} (in process)`, lunrRow.p95 ?? NaN, 20, 'ms'),
        target(`lunr: edit-to-searchable p95 at ${size} (in process)`, lunrRow.editP95 ?? NaN, 250, 'ms'),
        target(`lunr: cold open at ${size} (to the first answer)`, lunrRow.openMs ?? NaN, 2000, 'ms'),
        target(`lunr: index heap at ${size}`, lunrRow.heapMB ?? NaN, 600, 'MB'),
      ]) {
        process.stdout.write(`${line}\n`);
      }
    } else if (lunrRow) {
      process.stdout.write(`target lunr at ${size}: NOT met (${lunrRow.note})\n`);
    }
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
