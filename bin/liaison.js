#!/usr/bin/env node
// The installed `liaison` command: the bundled command-line tool (built by `node esbuild.mjs`).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS launcher: loading the bundle runs it
require('../dist/cli.js');
