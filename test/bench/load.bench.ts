// Opening a large space from disk (PersistedSpace.open, which the sync server runs for a room and
// the extension for a local space): the old snapshot, one frame holding the whole state applied in
// one Y.applyUpdate, against the snapshot in pieces applied in slices that yield to the event loop.
// Printed side by side: total load time, and the longest stall of the event loop during the load
// (what every other room, /healthz and pings wait for on a server), measured two ways: a 5 ms
// setInterval probe (longest gap beyond its period) and perf_hooks.monitorEventLoopDelay's max.
//
// The same records (serverBenchData.ts, ~2.6 KB of state each) are written once per format; each
// load runs in a fresh Node process (this file with `--measure`), so no heap or JIT carries over.
// Knobs: LOAD_RECORDS (default 100000, ≈ 250 MB of state; 20000 takes a minute),
// LOAD_PIECE_KIB (piece sizes to compare, default "64,256": the store's default and a larger one).
// Every load uses the store's default slice (25 ms).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { PersistedSpace } from '../../src/store/persistedSpace';
import { recordCount } from '../../src/store/recordsDoc';
import { DEFAULT_SNAPSHOT_PIECE_BYTES, encodeOneFrameSnapshot, encodeSnapshot } from '../../src/store/snapshotFile';
import { measureInFreshProcess } from './freshProcess';
import { fmt, printTable, ratio, sized } from './report';
import { fillBenchDoc } from './serverBenchData';

const SPACE = 'internal';
const RECORDS = Number(process.env.LOAD_RECORDS ?? sized(100_000, 200));
const PIECE_KIB = (process.env.LOAD_PIECE_KIB ?? `${DEFAULT_SNAPSHOT_PIECE_BYTES / 1024},256`)
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const PROBE_MS = 5;

interface Measure {
  loadMs: number;
  probeStallMs: number;
  histogramMaxMs: number;
  records: number;
}

/** In a fresh process: open the space while the probe and the histogram watch the loop. */
async function measure(root: string): Promise<void> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let longest = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - PROBE_MS);
    last = now;
  }, PROBE_MS);
  // Let the probe settle before the load starts.
  await new Promise((resolve) => setTimeout(resolve, 50));
  longest = 0;
  histogram.enable();
  const started = performance.now();
  const space = await PersistedSpace.open(join(root, 'spaces', SPACE), SPACE, { fsync: 'never' });
  const loadMs = performance.now() - started;
  // One more probe tick, so a stall that ended with the load is counted.
  await new Promise((resolve) => setTimeout(resolve, PROBE_MS * 2));
  histogram.disable();
  clearInterval(probe);
  const result: Measure = { loadMs, probeStallMs: longest, histogramMaxMs: histogram.max / 1e6, records: recordCount(space.doc) };
  await space.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function child(root: string): Promise<Measure> {
  return measureInFreshProcess<Measure>(__filename, root);
}

interface Variant {
  label: string;
  root: string;
  bytes: number;
  frames: number;
  encodeMs: number;
}

async function writeVariant(dir: string, label: string, encode: () => Buffer[]): Promise<Variant> {
  const root = join(dir, label.replace(/\W+/g, '-'));
  const started = performance.now();
  const chunks = encode();
  const encodeMs = performance.now() - started;
  await mkdir(join(root, 'spaces', SPACE), { recursive: true });
  await writeFile(join(root, 'spaces', SPACE, 'snapshot.bin'), Buffer.concat(chunks));
  return { label, root, bytes: chunks.reduce((sum, chunk) => sum + chunk.length, 0), frames: chunks.length - 1, encodeMs };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'liaison-load-bench-'));
  try {
    let t = performance.now();
    const doc = new Y.Doc();
    for (let start = 0; start < RECORDS; start += 1000)
      doc.transact(() => fillBenchDoc(doc, start, Math.min(RECORDS, start + 1000), SPACE));
    process.stdout.write(`generated ${RECORDS} records in ${fmt((performance.now() - t) / 1000)} s\n`);
    t = performance.now();
    const variants = [await writeVariant(dir, 'old: one frame', () => encodeOneFrameSnapshot(doc))];
    for (const kib of PIECE_KIB)
      variants.push(await writeVariant(dir, `pieces of ${kib} KiB`, () => encodeSnapshot(doc, kib * 1024).chunks));
    doc.destroy();
    process.stdout.write(
      `wrote ${variants.length} snapshots of ${fmt(variants[0].bytes / 1e6)} MB in ${fmt((performance.now() - t) / 1000)} s\n\n`,
    );

    const results: Measure[] = [];
    for (const variant of variants) {
      const result = await child(variant.root);
      if (result.records !== RECORDS) throw new Error(`${variant.label}: loaded ${result.records} records, expected ${RECORDS}`);
      results.push(result);
    }
    const [old] = results;
    printTable([
      [
        'snapshot',
        'MB',
        'frames',
        'encode (ms)',
        'load (ms)',
        'longest stall, probe (ms)',
        'longest stall, histogram (ms)',
        'load vs old',
        'stall vs old',
      ],
      ...variants.map((variant, i) => [
        variant.label,
        fmt(variant.bytes / 1e6),
        String(variant.frames),
        fmt(variant.encodeMs),
        fmt(results[i].loadMs),
        fmt(results[i].probeStallMs),
        fmt(results[i].histogramMaxMs),
        i === 0 ? '' : ratio(results[i].loadMs, old.loadMs),
        i === 0 ? '' : ratio(results[i].probeStallMs, old.probeStallMs),
      ]),
    ]);
    process.stdout.write(
      `\n${RECORDS} records. Lower is better; "stall" is the longest time nothing else could run on the loop while the space loaded.\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') {
  measure(process.argv[3]).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
