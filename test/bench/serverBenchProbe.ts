// Preloaded (`node --expose-gc -r serverBenchProbe.js <server>`) into both servers under test,
// the same way, so the benchmark can ask either one for its memory after a full collection and
// for the CPU time it has used. Answers IPC messages; changes nothing else in the server.
function memory(): { heapUsedMB: number; rssMB: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return { heapUsedMB: usage.heapUsed / 2 ** 20, rssMB: usage.rss / 2 ** 20 };
}

function cpuSeconds(): number {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1e6;
}

if (process.send !== undefined) {
  process.on('message', (message: unknown) => {
    // CPU is read without collecting garbage first, so a probe does not add to what it measures.
    if (message === 'cpu') process.send?.({ cpuSeconds: cpuSeconds() });
    if (message === 'memory') process.send?.({ memory: memory() });
  });
  // The IPC channel alone must not keep a server alive that would otherwise exit.
  process.channel?.unref();
}
