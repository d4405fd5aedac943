// The server clock's sweep over many spaces (server/clock/): `npm run bench clock` runs it at full
// size (clock.bench.ts), npm test at a tiny size (LIAISON_BENCH_SMOKE=1). Spaces are written to a data folder
// first, closed, then a SyncServer (in this process) is started on it with nobody connected and one
// sweep is timed while a 5 ms probe and monitorEventLoopDelay watch the event loop: the longest
// stall is what other rooms, pings and /healthz would have waited for.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ServerClock } from '../../server/clock/serverClock';
import { SyncServer } from '../../server/syncServer';
import type { LiaisonRecord } from '../../src/domain/record';
import { writeDirectory } from '../../src/store/directoryDoc';
import { LocalStore } from '../../src/store/localStore';
import { putRecord } from '../../src/store/recordsDoc';
import { silentLogger } from '../../src/util/logger';
import { heapUsedMB } from './report';

const HOUR = 3_600_000;
const PRIORITIES = ['urgent', 'high', 'medium', 'low'];

export interface ClockBenchSize {
  readonly spaces: number;
  /** Open records in all, spread evenly over the spaces. */
  readonly records: number;
}

export interface ClockBenchResult {
  readonly spaces: number;
  readonly records: number;
  readonly appended: number;
  readonly writeMs: number;
  readonly sweepMs: number;
  /** A second sweep with every space loaded and nothing new owed. */
  readonly secondSweepMs: number;
  readonly heapBeforeMB: number;
  readonly heapAfterMB: number;
  readonly rssMB: number;
  readonly probeStallMs: number;
  /**
   * The longest gap counted in this process's own CPU time (all its threads): on a machine shared
   * with other jobs, the wall-clock gap also holds the time the process was not scheduled at all.
   */
  readonly busyStallMs: number;
  readonly histogramMaxMs: number;
}

/** An open request sent `hoursAgo`: some not due yet, some to remind, some to escalate. */
function openRecord(space: string, index: number, now: number): LiaisonRecord {
  const hoursAgo = (index * 7) % 120;
  const at = new Date(now - hoursAgo * HOUR - index * 1000).toISOString();
  const person = `成员${index % 20}`;
  return {
    id: `R-bench-${space}-${index}`,
    kind: index % 5 === 0 ? 'internal-notice' : 'collaboration-request',
    space,
    title: `联调请求 ${index} ${space}`,
    body: `## 背景\n第 ${index} 条记录的说明。\n`,
    createdBy: '王芳',
    createdAt: at,
    fields: { sender: '王芳', recipients: [person], audience: [person], priority: PRIORITIES[index % 4] },
    events: [{ id: `E-sent-${space}-${index}`, type: 'sent', actor: '王芳', actorDepartment: '产品部', at }],
  };
}

async function writeSpaces(dataDir: string, size: ClockBenchSize, now: number): Promise<void> {
  const store = new LocalStore(dataDir, { fsync: 'never' });
  const perSpace = Math.ceil(size.records / size.spaces);
  let written = 0;
  for (let s = 0; s < size.spaces; s++) {
    const name = `space-${String(s).padStart(3, '0')}`;
    const space = await store.openSpace(name);
    writeDirectory(
      space.doc,
      {
        people: Array.from({ length: 20 }, (_, i) => ({ name: `成员${i}`, department: i < 10 ? '研发部' : '测试部' })),
        departments: [
          { name: '研发部', head: '张伟' },
          { name: '测试部', head: '李强' },
        ],
      },
      { replace: false },
    );
    for (let start = 0; start < perSpace && written < size.records; start += 250) {
      space.doc.transact(() => {
        for (let i = start; i < Math.min(perSpace, start + 250) && written < size.records; i++, written++)
          putRecord(space.doc, openRecord(name, i, now));
      });
    }
    await space.close();
  }
  await store.close();
}

/** Writes the spaces, sweeps once (and once more), and measures. */
export async function runClockBench(size: ClockBenchSize): Promise<ClockBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liaison-clock-bench-'));
  const now = Date.now();
  try {
    let t = performance.now();
    await writeSpaces(dataDir, size, now);
    const writeMs = performance.now() - t;
    const server = new SyncServer({ dataDir, logger: silentLogger, store: { fsync: 'never' } });
    await server.start();
    const clock = new ServerClock({ server, logger: silentLogger, now: () => new Date(now) });
    const heapBeforeMB = heapUsedMB();
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    let last = performance.now();
    let lastCpu = process.cpuUsage();
    let longest = 0;
    let busiest = 0;
    const probe = setInterval(() => {
      const at = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      const gap = at - last - 5;
      longest = Math.max(longest, gap);
      // What this process itself spent of the gap (the rest: the machine ran other processes).
      busiest = Math.max(busiest, Math.min(gap, (cpu.user + cpu.system) / 1000));
      last = at;
      lastCpu = process.cpuUsage();
    }, 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    longest = 0;
    busiest = 0;
    histogram.enable();
    t = performance.now();
    const first = await clock.sweep();
    const sweepMs = performance.now() - t;
    await new Promise((resolve) => setTimeout(resolve, 10));
    histogram.disable();
    clearInterval(probe);
    const probeStallMs = longest;
    const busyStallMs = busiest;
    const rssMB = process.memoryUsage().rss / 1024 / 1024;
    const heapAfterMB = heapUsedMB();
    t = performance.now();
    const second = await clock.sweep();
    const secondSweepMs = performance.now() - t;
    if (second.appended !== 0) throw new Error(`the second sweep appended ${second.appended} follow-ups; expected none`);
    await clock.close();
    await server.close();
    return {
      spaces: first.spaces,
      records: first.records,
      appended: first.appended,
      writeMs,
      sweepMs,
      secondSweepMs,
      heapBeforeMB,
      heapAfterMB,
      rssMB,
      probeStallMs,
      busyStallMs,
      histogramMaxMs: histogram.max / 1e6,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The tiny size `npm test` runs. */
export const CLOCK_SMOKE: ClockBenchSize = { spaces: 3, records: 60 };
