import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Cleanup, readSpaceFromDisk, stockClient, tempDir, waitFor } from './helpers';
import { runCli } from './processes';

// Runs the bundled tool (dist/cli.js, built by `node esbuild.mjs`) as a real child process.
const run = runCli;

describe('liaison serve (child process)', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('prints exactly one listening line, serves /healthz, exits 0 on SIGTERM', async () => {
    const dataDir = await tempDir(cleanup);
    const child = run(cleanup, ['serve', '--port', '0', '--data', dataDir]);
    await waitFor('the listening line', () => child.stdout().includes('\n'), 10000);
    const match = /^liaison server listening on ws:\/\/127\.0\.0\.1:(\d+)\n$/.exec(child.stdout());
    assert.ok(match, `stdout was ${JSON.stringify(child.stdout())}`);
    const response = await fetch(`http://127.0.0.1:${match[1]}/healthz`);
    assert.equal(response.status, 200);
    assert.match(child.stderr(), /OPEN server/);
    child.kill('SIGTERM');
    assert.equal(await child.exit, 0);
  });

  it('keeps whatever a client received when the server is killed with SIGKILL', async () => {
    const dataDir = await tempDir(cleanup);
    const child = run(cleanup, ['serve', '--port', '0', '--data', dataDir]);
    await waitFor('the listening line', () => child.stdout().includes('\n'), 10000);
    const url = child.stdout().trim().split(' ').at(-1) ?? '';
    const a = stockClient(cleanup, url, 'internal');
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('clients synced', () => a.provider.synced && b.provider.synced);
    for (let i = 0; i < 20; i++) a.records.set(`r${i}`, i);
    await waitFor('b received every edit', () => b.records.get('r19') === 19);
    child.kill('SIGKILL');
    await child.exit;
    a.provider.destroy();
    b.provider.destroy();
    const onDisk = (await readSpaceFromDisk(dataDir, 'internal')).getMap('records');
    for (let i = 0; i < 20; i++) assert.equal(onDisk.get(`r${i}`), i);
  });

  it('exits 2 naming the field of a bad config, an unknown flag or command', async () => {
    const dataDir = await tempDir(cleanup);
    const config = join(dataDir, 'access.json');
    await writeFile(config, JSON.stringify({ users: [{ name: 'a' }], spaces: [] }));
    const badConfig = run(cleanup, ['serve', '--port', '0', '--data', dataDir, '--config', config]);
    assert.equal(await badConfig.exit, 2);
    assert.match(badConfig.stderr(), /users\[0\]\.token: expected a non-empty string/);
    assert.equal(badConfig.stdout(), '');

    const badFlag = run(cleanup, ['serve', '--prot', '1']);
    assert.equal(await badFlag.exit, 2);
    assert.match(badFlag.stderr(), /unknown flag --prot/);

    const badCommand = run(cleanup, ['srve']);
    assert.equal(await badCommand.exit, 2);
    assert.match(badCommand.stderr(), /unknown command "srve"/);

    const help = run(cleanup, ['--help']);
    assert.equal(await help.exit, 0);
    assert.match(help.stdout(), /serve +run the sync server/);
  });
});
