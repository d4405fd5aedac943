// Start-up independent of history (issue 5, item 2): from `Replica.open` (offline) to the first
// Pending list, with 100k archived records (~1.5 KB of Yjs state each, archived over 24 months)
// and 300 active ones, in
//   (a) the old layout: everything in the space's one document;
//   (b) archive shelves: the same store after the moving pass (src/sync/shelving.ts), the
//       archived records in 24 monthly shelves that start-up does not open;
//   (c) the same, with the records written to the flat `records` map of the first layout
//       (src/store/recordsDoc.ts): every moved record leaves a tombstone there for ever, which is
//       what the per-month buckets of (b) avoid.
// The stores are generated once per run in a temp folder; (b) is made from a copy of (a) by the
// real pass, whose time is reported too (a one-time migration). Each start-up is measured in a fresh
// Node process (this file run with `--measure`), so neither heap nor JIT carries over.
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LiaisonRecord, RecordEvent } from '../../src/domain/record';
import { deriveState, isPendingFor } from '../../src/domain/status';
import { LocalStore } from '../../src/store/localStore';
import { putRecord } from '../../src/store/recordsDoc';
import { Replica } from '../../src/sync/replica';
import { measureInFreshProcess } from './freshProcess';
import { fmt, heapUsedMB, printTable, ratio, target, sized } from './report';
import { benchRecord } from './serverBenchData';

const SPACE = 'internal';
const ARCHIVED = Number(process.env.STARTUP_ARCHIVED ?? sized(100_000, 240));
const ACTIVE = sized(300, 10);
const MONTHS = 24;
const ME = { name: '李明', department: '研发部' };
const NOW = new Date(Date.UTC(2026, 0, 15));

const paragraph =
  '昨晚起支付回调平均延迟八秒，客服已收到十二起投诉，影响华东区域的大部分商户。' +
  '需要在今天下班前确定是否回滚上一版本的回调改动，并同步给所有受影响的客户经理。';

/** Record `i`: archived in month `i % 24` (2024-01 … 2025-12) when `archived`, else in progress. */
function record(i: number, archived: boolean): LiaisonRecord {
  const base = benchRecord(i, SPACE);
  const start = archived ? Date.UTC(2024, i % MONTHS, 3) + (i % 5000) * 60_000 : NOW.getTime() - 5 * 86_400_000 + i * 60_000;
  const at = (hours: number): string => new Date(start + hours * 3_600_000).toISOString();
  const from = base.createdBy;
  const to = base.fields.recipients as string[];
  const events: RecordEvent[] = base.events.map((event, n) => ({ ...event, at: at(n) }));
  if (archived) {
    events.push(
      { id: `E-${i}-5`, type: 'delivered', actor: to[0], at: at(5), note: '已回滚并验证。' },
      { id: `E-${i}-6`, type: 'confirmed', actor: from, at: at(6) },
      { id: `E-${i}-7`, type: 'archived', actor: from, at: at(7) },
    );
  } else {
    // Half of the active ones wait for an answer from someone.
    events.splice(i % 2 === 0 ? 3 : events.length);
  }
  return {
    ...base,
    id: `${archived ? 'A' : 'R'}-${String(i).padStart(7, '0')}`,
    body: `## 背景\n\n${paragraph}\n\n## 行动\n\n${paragraph.slice(30)}（编号 ${i}）\n`,
    createdAt: at(0),
    events,
  };
}

/** Writes layout (a) under `root`, 1000 records per update, then compacts it into one snapshot. */
async function generate(root: string, placement: 'new' | 'copy' = 'new'): Promise<void> {
  const store = new LocalStore(root, { fsync: 'never' });
  const space = await store.openSpace(SPACE);
  for (let start = 0; start < ARCHIVED; start += 1000) {
    space.doc.transact(() => {
      for (let i = start; i < Math.min(ARCHIVED, start + 1000); i++) putRecord(space.doc, record(i, true), undefined, placement);
    });
    await space.flush();
  }
  space.doc.transact(() => {
    for (let i = 0; i < ACTIVE; i++) putRecord(space.doc, record(ARCHIVED + i, false), undefined, placement);
  });
  await space.compact();
  await store.close();
}

interface Measure {
  ms: number;
  openMs: number;
  heapMB: number;
  active: number;
  pending: number;
  shelves: number;
  /** Size of what opening the space reads (snapshot.bin + log.bin of the active document). */
  activeKB: number;
}

/** Runs the real moving pass over the store at `root`, once (a one-time migration), and reports it. */
async function shelve(root: string, label: string): Promise<void> {
  let t = performance.now();
  const replica = await Replica.open({ storeRoot: root, spaces: [SPACE] });
  const loadMs = performance.now() - t;
  t = performance.now();
  const moved = await replica.shelve({ afterDays: 7, now: NOW });
  const passMs = performance.now() - t;
  await replica.close();
  process.stdout.write(
    `moving pass, ${label} (one-time, after a ${fmt(loadMs / 1000)} s load): ${moved.shelved} records into ${moved.months.length} shelves in ${fmt(passMs / 1000)} s\n`,
  );
  if (moved.shelved !== ARCHIVED || moved.months.length !== MONTHS) throw new Error(`expected ${ARCHIVED} records in ${MONTHS} shelves`);
}

/** Bytes opening the space reads (the previous generation, kept for recovery, is not read), in KB. */
async function spaceKB(root: string): Promise<number> {
  const dir = new LocalStore(root).spaceDir(SPACE);
  let bytes = 0;
  for (const name of ['snapshot.bin', 'log.bin']) bytes += (await stat(join(dir, name))).size;
  return bytes / 1024;
}

/** In a fresh process: open, compute the first Pending list, report. */
async function measure(root: string): Promise<void> {
  const before = heapUsedMB();
  const started = performance.now();
  const replica = await Replica.open({ storeRoot: root, spaces: [SPACE] });
  const openMs = performance.now() - started;
  const pending = replica.records().filter((rec) => isPendingFor(rec, ME));
  for (const rec of pending) deriveState(rec);
  const ms = performance.now() - started;
  const result: Measure = {
    ms,
    openMs,
    heapMB: heapUsedMB() - before,
    active: replica.records().length,
    pending: pending.length,
    shelves: replica.shelves().length,
    activeKB: 0,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await replica.close();
}

async function child(root: string): Promise<Measure> {
  const measured = await measureInFreshProcess<Measure>(__filename, root);
  return { ...measured, activeKB: await spaceKB(root) };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'liaison-startup-bench-'));
  try {
    const oldRoot = join(dir, 'one-document');
    const shelvedRoot = join(dir, 'shelves');
    const t = performance.now();
    await generate(oldRoot);
    process.stdout.write(`generated ${ARCHIVED} archived + ${ACTIVE} active records in ${fmt((performance.now() - t) / 1000)} s\n`);
    await cp(oldRoot, shelvedRoot, { recursive: true });
    await shelve(shelvedRoot, 'buckets');
    const flatRoot = join(dir, 'shelves-flat-map');
    await generate(flatRoot, 'copy');
    await shelve(flatRoot, 'flat map');
    process.stdout.write('\n');

    const old = await child(oldRoot);
    const shelved = await child(shelvedRoot);
    const flat = await child(flatRoot);
    if (
      old.pending !== shelved.pending ||
      flat.pending !== shelved.pending ||
      old.active !== ARCHIVED + ACTIVE ||
      shelved.active !== ACTIVE ||
      flat.active !== ACTIVE
    ) {
      throw new Error(`the layouts disagree: ${JSON.stringify({ old, shelved, flat })}`);
    }
    const row = (name: string, m: Measure): string[] => [
      name,
      fmt(m.ms),
      fmt(m.openMs),
      fmt(m.heapMB),
      fmt(m.activeKB),
      String(m.active),
      String(m.pending),
      String(m.shelves),
    ];
    printTable([
      [
        'layout',
        'open → Pending (ms)',
        'of which open (ms)',
        'heap after (MB)',
        'read at open (KB)',
        'records loaded',
        'pending',
        'shelves listed',
      ],
      row('(a) one document', old),
      row('(b) archive shelves, records in buckets', shelved),
      row('(c) archive shelves, records in one flat map', flat),
    ]);
    process.stdout.write(`\nshelves vs one document: start-up ${ratio(shelved.ms, old.ms)}, heap ${ratio(shelved.heapMB, old.heapMB)}\n`);
    process.stdout.write(
      `buckets vs flat map (both with shelves): start-up ${ratio(shelved.ms, flat.ms)}, read at open ${ratio(shelved.activeKB, flat.activeKB)}\n`,
    );
    process.stdout.write(`${target(`activation → first Pending list with ${ARCHIVED} archived records`, shelved.ms, 300, 'ms')}\n`);
  } finally {
    if (process.env.STARTUP_KEEP) process.stdout.write(`stores kept in ${dir}\n`);
    else await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') {
  measure(process.argv[3]).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
