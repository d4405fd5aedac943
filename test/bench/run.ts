// `npm run bench [filter…]`: runs every `*.bench.js` compiled next to this file, each in its own
// Node process (so one benchmark's heap never skews another's), one after the other (the
// machine has two cores; parallel runs would measure each other). A filter keeps only the
// benchmarks whose path contains it. Each benchmark prints its own side-by-side table and ratios.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function benchFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...benchFiles(path));
    else if (name.endsWith('.bench.js')) found.push(path);
  }
  return found;
}

function runOne(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--enable-source-maps', file], { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = benchFiles(__dirname).filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)));
  if (files.length === 0) {
    process.stderr.write(`bench: no benchmark matches ${filters.join(' ')}\n`);
    process.exit(2);
  }
  let failed = 0;
  for (const file of files) {
    process.stdout.write(`\n=== ${relative(__dirname, file).replace(/\.bench\.js$/, '')} ===\n`);
    const started = Date.now();
    const code = await runOne(file);
    process.stdout.write(`--- ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    if (code !== 0) failed++;
  }
  process.exit(failed > 0 ? 1 : 0);
}

void main();
