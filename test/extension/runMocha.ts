// Runs every *.test.js in a folder with mocha, inside the VS Code extension host. Both the
// code-server harness and @vscode/test-electron call a suite's `run()`: one suite, two runners.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { runOrder } from './fileOrder';

export function runFolder(folder: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 180_000, reporter: 'spec' });
  // LIAISON_TEST_FILES (a regular expression on file names) runs a subset while developing; CI runs all.
  const only = process.env.LIAISON_TEST_FILES ? new RegExp(process.env.LIAISON_TEST_FILES) : undefined;
  // In the order their numbers say (./fileOrder.ts): 2-badInput before 10-shelves.
  const files = runOrder(readdirSync(folder).filter((name) => name.endsWith('.test.js') && (!only || only.test(name))));
  for (const file of files) mocha.addFile(join(folder, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
