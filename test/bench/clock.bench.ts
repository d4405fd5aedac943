// `npm run bench clock`: one sweep of the server clock over 100 spaces holding 50k open records
// in all (CLOCK_SPACES, CLOCK_RECORDS to change), nobody connected: its time, the server's memory
// and the longest event-loop stall during it (≤ 50 ms is the target: other rooms keep being served).
// LIAISON_BENCH_SMOKE=1: 3 spaces, 60 records, no target (test/unit/bench/smoke.test.ts).
import { cpus, loadavg } from 'node:os';
import { CLOCK_SMOKE, runClockBench } from './clockBench';
import { SMOKE, fmt, printTable, sized } from './report';

async function main(): Promise<void> {
  const size = sized(
    { spaces: Number(process.env.CLOCK_SPACES ?? 100), records: Number(process.env.CLOCK_RECORDS ?? 50_000) },
    CLOCK_SMOKE,
  );
  const result = await runClockBench(size);
  if (result.spaces !== size.spaces || result.records !== size.records)
    throw new Error(`swept ${result.spaces} spaces and ${result.records} records; expected ${size.spaces} and ${size.records}`);
  process.stdout.write(`wrote ${size.records} records in ${size.spaces} spaces in ${fmt(result.writeMs / 1000)} s\n\n`);
  printTable([
    [
      'spaces',
      'records',
      'follow-ups appended',
      'sweep (s)',
      'second sweep (s)',
      'heap before / after (MB)',
      'rss (MB)',
      'longest stall, probe / histogram / own CPU (ms)',
    ],
    [
      String(result.spaces),
      String(result.records),
      String(result.appended),
      fmt(result.sweepMs / 1000, 2),
      fmt(result.secondSweepMs / 1000, 2),
      `${fmt(result.heapBeforeMB)} / ${fmt(result.heapAfterMB)}`,
      fmt(result.rssMB),
      `${fmt(result.probeStallMs)} / ${fmt(result.histogramMaxMs)} / ${fmt(result.busyStallMs)}`,
    ],
  ]);
  const stall = result.busyStallMs;
  if (SMOKE) {
    process.stdout.write(`\nlongest stall in this process's own CPU time ${fmt(stall)} ms (smoke size: no target judged)\n`);
    return;
  }
  process.stdout.write(
    `\nlongest stall in this process's own CPU time ${fmt(stall)} ms: ${stall <= 50 ? 'within' : 'OVER'} the 50 ms target` +
      ` (wall clock ${fmt(result.probeStallMs)} ms, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
