// The Liaison server as the benchmark runs it: a child process, as `liaison serve` would run it
// (default options: fdatasync on, write before relay, open server like the stock one), except
// that idle spaces unload after LIAISON_BENCH_IDLE_MS (so the idle-space memory can be measured
// in seconds, not minutes). Prints `listening <url>` once ready; exits on SIGTERM after closing.
import { SyncServer } from '../../server/syncServer';
import { silentLogger } from '../../src/util/logger';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: serverBenchHost.js DATA_DIR');
  const idle = Number(process.env.LIAISON_BENCH_IDLE_MS ?? 60_000);
  // LIAISON_BENCH_FSYNC=never and LIAISON_BENCH_PIECE_BYTES are for diagnosis only (what the
  // disk costs, what the piece size changes); the benchmark runs the defaults.
  const fsync = process.env.LIAISON_BENCH_FSYNC === 'never' ? 'never' : 'always';
  const pieces = process.env.LIAISON_BENCH_PIECE_BYTES === undefined ? undefined : Number(process.env.LIAISON_BENCH_PIECE_BYTES);
  const server = new SyncServer({ dataDir, idleUnloadMs: idle, logger: silentLogger, store: { fsync }, syncPieceBytes: pieces });
  const { url } = await server.start();
  process.stdout.write(`listening ${url}\n`);
  process.once('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`serverBenchHost: ${String(error)}\n`);
  process.exit(1);
});
