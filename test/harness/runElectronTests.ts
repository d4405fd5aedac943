// The same extension-host suites under @vscode/test-electron, for machines that can download
// desktop VS Code (a developer laptop, a public CI). It cannot run here: no internet.
// Two VS Code instances in parallel, one per identity, against one real sync server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { projectRoot } from './tools';
import { startTwoPeople } from './twoPeople';

async function main(): Promise<number> {
  const scratch = mkdtempSync(join(tmpdir(), 'liaison-electron-'));
  const runId = randomBytes(4).toString('hex');
  const { server, wang, li } = await startTwoPeople(scratch);
  try {
    const run = (folder: string, suite: string, profile: string): Promise<number> =>
      runTests({
        extensionDevelopmentPath: projectRoot,
        extensionTestsPath: join(projectRoot, 'out', 'test', 'extension', suite, 'index.js'),
        launchArgs: [folder, '--disable-extensions', '--user-data-dir', join(scratch, profile)],
        extensionTestsEnv: { LIAISON_TEST_DIR: scratch, LIAISON_TEST_RUN_ID: runId },
      }).then(
        () => 0,
        () => 1,
      );
    const codes = await Promise.all([run(wang, 'main', 'user-wang'), run(li, 'peer', 'user-li')]);
    return codes.some((code) => code !== 0) ? 1 : 0;
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`electron tests could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
