// `npm run bench clock`: one sweep of the server clock over 100 spaces holding 50k open records
// in all (CLOCK_SPACES, CLOCK_RECORDS to change), nobody connected: its time, the server's memory
// and the longest event-loop stall during it (≤ 50 ms is the target: other rooms keep being served).
import { cpus, loadavg } from 'node:os';
import { CLOCK_SMOKE, runClockBench } from './clockBench';
import { fmt, printTable } from './report';

async function main(): Promise<void> {
  const smoke = process.argv.includes('--smoke');
  const size = smoke
    ? CLOCK_SMOKE
    : { spaces: Number(process.env.CLOCK_SPACES ?? 100), records: Number(process.env.CLOCK_RECORDS ?? 50_000) };
  const result = await runClockBench(size);
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
  process.stdout.write(
    `\nlongest stall in this process's own CPU time ${fmt(stall)} ms: ${stall <= 50 ? 'within' : 'OVER'} the 50 ms target` +
      ` (wall clock ${fmt(result.probeStallMs)} ms, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
