// Builds every artefact with esbuild; type checking is its own step (`npm run typecheck`).
//   node esbuild.mjs            extension, command-line tool and webview bundles into dist/ and media/dist/
//   node esbuild.mjs --tests    also transpiles src/, server/ and test/ file by file into out/ for mocha
//   node esbuild.mjs --watch    rebuilds the bundles on change
//   node esbuild.mjs --production  minified, no source maps (packaging)
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

/** @type {import('esbuild').BuildOptions} */
const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...node, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The search worker thread, started by SearchWorkerClient from next to dist/extension.js.
  { ...node, entryPoints: ['src/search/worker.ts'], outfile: 'dist/searchWorker.js' },
  // `npm start`: shares the code-server harness with the tests.
  { ...node, entryPoints: ['scripts/start.ts'], outfile: 'dist/start.js', external: ['playwright-core'] },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: production ? false : 'inline',
    minify: production,
    logLevel: 'warning',
    entryPoints: ['src/webview/recordView.ts'],
    outfile: 'media/dist/recordView.js',
  },
  {
    // The monthly report's view with Chart.js; also inlined whole into `liaison report --format
    // html`, so its source map is a separate file (dropped there) rather than inline.
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
    entryPoints: ['src/webview/reportView.ts'],
    outfile: 'media/dist/reportView.js',
  },
];

function tsFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

// `--tests` writes to out/ unless LIAISON_OUT names another folder (so two builds of the tests
// can run side by side without deleting each other's output).
const testOut = process.env.LIAISON_OUT || 'out';
if (args.has('--tests')) {
  rmSync(testOut, { recursive: true, force: true });
  builds.push({
    entryPoints: ['src', 'server', 'test'].flatMap(tsFiles),
    outdir: testOut,
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
