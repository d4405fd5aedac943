// Entry point of the `liaison` command-line tool (bundled into dist/cli.js; bin/liaison.js loads
// it). Loading this file runs the command line in process.argv; the dispatch itself is
// `runCli` in ./command.ts, testable without a process.
// To add a command: write src/cli/commands/<name>.ts exporting a `Command` and list it here.
import type { Command } from './command';
import { runCli } from './command';
import { demoCommand } from './commands/demo';
import { directoryCommand } from './commands/directory';
import { dueCommand } from './commands/due';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { lintCommand } from './commands/lint';
import { newCommand } from './commands/new';
import { policyCommand } from './commands/policy';
import { purgeCommand } from './commands/purge';
import { reportCommand } from './commands/report';
import { restoreCommand } from './commands/restore';
import { searchCommand } from './commands/search';
import { sendCommand } from './commands/send';
import { serveCommand } from './commands/serve';
import { snippetsCommand } from './commands/snippets';
import { syncCommand } from './commands/sync';

const commands: readonly Command[] = [
  serveCommand,
  demoCommand,
  snippetsCommand,
  newCommand,
  lintCommand,
  sendCommand,
  syncCommand,
  dueCommand,
  importCommand,
  exportCommand,
  searchCommand,
  purgeCommand,
  reportCommand,
  policyCommand,
  directoryCommand,
  restoreCommand,
];

/**
 * A promise of the first SIGINT/SIGTERM. The handlers are removed once it fires, so a second
 * Ctrl-C during a slow shutdown kills the process the default way.
 */
function waitForStop(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

runCli(commands, process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, waitForStop }).then(
  (code) => {
    // A command that returned is done: do not wait for stray handles to drain.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`liaison: ${String(error)}\n`);
    process.exit(1);
  },
);
