// Every benchmark in smoke mode (LIAISON_BENCH_SMOKE=1, test/bench/report.ts SMOKE): tiny sizes,
// seconds, no target judged; each must run to its end and print its tables. A benchmark that no
// longer runs (the server bench once waited for ever on a map records had left) fails here, in
// `npm test`, instead of rotting until someone measures. Two run at a time (the machine's cores),
// each in its own Node process, as `npm run bench` runs them.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const BENCH_DIR = join(__dirname, '..', '..', 'bench');
/** A guard against a hang, not a timing assertion: a smoke run takes seconds. */
const HANG_MS = 150_000;

/** What each benchmark must print when it gets to its end (its last table's heading). */
const LAST_TABLE: Record<string, RegExp> = {
  clock: /longest stall in this process's own CPU time/,
  lint: /checkDraft × \d+ ordinary drafts/,
  load: /records\. Lower is better; "stall" is the longest time/,
  search: /host event-loop stall while opening/,
  searchTokenizer: /recall: share of the records containing the word/,
  server: /Server memory per idle space/,
  startup: /target activation → first Pending list with \d+ archived records/,
};

interface Run {
  code: number | null;
  output: string;
}

function runBench(file: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--enable-source-maps', join(BENCH_DIR, file)], {
      env: { ...process.env, LIAISON_BENCH_SMOKE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Runs `files` two at a time; each file's run, by name. */
function runAll(files: readonly string[]): Map<string, Promise<Run>> {
  const runs = new Map<string, Promise<Run>>();
  const lane: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  files.forEach((file, index) => {
    const slot = index % lane.length;
    const run = lane[slot].then(() => runBench(file));
    lane[slot] = run;
    runs.set(file, run);
  });
  return runs;
}

describe('benchmarks in smoke mode (tiny sizes, no targets)', function () {
  this.timeout(HANG_MS * 4);
  const files = readdirSync(BENCH_DIR)
    .filter((name) => name.endsWith('.bench.js'))
    .sort();
  let runs: Map<string, Promise<Run>>;
  before(() => {
    runs = runAll(files);
  });

  it('finds every benchmark, and knows what each prints last', () => {
    assert.deepEqual(
      files.map((file) => file.replace(/\.bench\.js$/, '')),
      Object.keys(LAST_TABLE).sort(),
    );
  });

  for (const name of Object.keys(LAST_TABLE).sort()) {
    it(`${name}: runs to its end and prints its tables`, async () => {
      const run = await (runs.get(`${name}.bench.js`) ?? Promise.reject(new Error(`${name}.bench.js not found`)));
      assert.equal(run.code, 0, `exit code; output:\n${run.output.slice(-3000)}`);
      assert.match(run.output, /-{3,}/, 'a table');
      assert.match(run.output, LAST_TABLE[name]);
    });
  }
});
