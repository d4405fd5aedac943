// Issue 13, finding 5 (and the short tokens of 6), against `liaison serve` as a child process:
// no token and no webhook address in its output, whatever goes wrong.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Cleanup, rawConnect, tempDir, waitFor } from './helpers';
import { runCli, startCliServer } from './processes';

const SECRET = 'tok-SECRET-5f1d2e3c4b5a69788796';
const HOOK_SECRET = 'HOOKSECRET0d9c8b7a';

describe('liaison serve: secrets never printed (issue 13)', function () {
  this.timeout(60_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  async function serveFails(config: string): Promise<string> {
    const dir = await tempDir(cleanup);
    const file = join(dir, 'access.json');
    await writeFile(file, config);
    const child = runCli(cleanup, ['serve', '--port', '0', '--data', join(dir, 'data'), '--config', file]);
    assert.equal(await child.exit, 2, child.stderr());
    return child.stderr();
  }

  it('names the line and column of a config that is not JSON, never its text', async () => {
    const stderr = await serveFails(`{\n  "users": [{ "name": "a", "token": "${SECRET}" oops }],\n  "spaces": []\n}\n`);
    assert.match(stderr, /not valid JSON at line 2, column \d+ \(expected a comma or a closing \}\); fix it there/);
    assert.equal(stderr.includes(SECRET), false, stderr);
    assert.equal(stderr.includes('oops'), false, stderr);
  });

  it('names the field of a bad webhook address, never the address (its access_token)', async () => {
    const config = {
      users: [{ name: 'a', token: SECRET }],
      spaces: [{ name: 'internal', members: ['a'] }],
      webhooks: [{ name: 'ops', format: 'dingtalk', url: `https://[oapi.dingtalk.com/robot/send?access_token=${HOOK_SECRET}` }],
    };
    const stderr = await serveFails(JSON.stringify(config));
    assert.match(stderr, /webhooks\[0\]\.url: is not a URL/);
    assert.equal(stderr.includes(HOOK_SECRET), false, stderr);
  });

  it('refuses a token shorter than 16 characters, naming the field, not the token', async () => {
    const stderr = await serveFails(
      JSON.stringify({ users: [{ name: 'a', token: 'short-tok-123' }], spaces: [{ name: 's', members: ['a'] }] }),
    );
    assert.match(stderr, /users\[0\]\.token: is shorter than 16 characters; use a long random one/);
    assert.equal(stderr.includes('short-tok-123'), false, stderr);
  });

  it('logs a space that cannot be opened by its path, without the token of the request', async () => {
    const dir = await tempDir(cleanup);
    const dataDir = join(dir, 'data');
    // The space's folder is a file: opening it fails (ENOTDIR/EEXIST), as a full or broken disk would.
    await mkdir(join(dataDir, 'spaces'), { recursive: true });
    await writeFile(join(dataDir, 'spaces', 'internal'), 'not a folder');
    const file = join(dir, 'access.json');
    await writeFile(file, JSON.stringify({ users: [{ name: 'a', token: SECRET }], spaces: [{ name: 'internal', members: ['a'] }] }));
    const { child, url } = await startCliServer(cleanup, ['--data', dataDir, '--config', file]);
    assert.equal((await rawConnect(`${url}/internal?token=${SECRET}`)).status, 500);
    await waitFor('the failure is logged', () => child.stderr().includes('upgrade for /internal failed'));
    assert.equal(child.stderr().includes(SECRET), false, child.stderr());
  });
});
