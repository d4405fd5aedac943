import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { authorize, parseAccessConfig } from '../../../server/access';
import { Cleanup, memoryLogger, rawConnect, readSpaceFromDisk, startServer, stockClient, tempDir, waitFor } from './helpers';

const configJson = {
  users: [
    { name: 'zhang', token: 'zhang-secret-token' },
    { name: 'li', tokenSha256: createHash('sha256').update('li-secret-token-1').digest('hex') },
    { name: 'wang', token: 'wang-secret-token' },
  ],
  spaces: [
    { name: 'internal', members: ['zhang'], readOnly: ['li'] },
    { name: 'client-acme', members: ['wang'] },
  ],
};

describe('access config', () => {
  it('parses users with token or tokenSha256 and authorizes members, readers and strangers', () => {
    const config = parseAccessConfig(configJson);
    assert.deepEqual(authorize(config, 'zhang-secret-token', 'internal'), { ok: true, user: 'zhang', readOnly: false, admin: false });
    assert.deepEqual(authorize(config, 'li-secret-token-1', 'internal'), { ok: true, user: 'li', readOnly: true, admin: false });
    assert.equal(authorize(config, 'wang-secret-token', 'internal').ok, false);
    assert.equal((authorize(config, 'wang-secret-token', 'internal') as { status: number }).status, 403);
    assert.equal((authorize(config, 'zhang-secret-token', 'nowhere') as { status: number }).status, 403);
    assert.equal((authorize(config, undefined, 'internal') as { status: number }).status, 401);
    assert.equal((authorize(config, 'nope', 'internal') as { status: number }).status, 401);
    assert.deepEqual(authorize(undefined, undefined, 'internal'), { ok: true, user: 'anonymous', readOnly: false, admin: true });
  });

  it('makes the listed writing members admins of their space, and refuses an admin who is not one', () => {
    const config = parseAccessConfig({
      ...configJson,
      spaces: [{ name: 'internal', members: ['zhang', 'wang'], readOnly: ['li'], admins: ['zhang'] }],
    });
    assert.deepEqual(authorize(config, 'zhang-secret-token', 'internal'), { ok: true, user: 'zhang', readOnly: false, admin: true });
    assert.deepEqual(authorize(config, 'wang-secret-token', 'internal'), { ok: true, user: 'wang', readOnly: false, admin: false });
    assert.deepEqual(authorize(config, 'li-secret-token-1', 'internal'), { ok: true, user: 'li', readOnly: true, admin: false });
    const bad = (space: unknown, expected: RegExp): void =>
      assert.throws(() => parseAccessConfig({ ...configJson, spaces: [space] }), expected);
    bad(
      { name: 'internal', members: ['zhang'], readOnly: ['li'], admins: ['li'] },
      /spaces\[0\]\.admins\[0\]: "li" is not a writing member of space "internal"; add it to "members"/,
    );
    bad({ name: 'internal', members: ['zhang'], admins: ['wang'] }, /spaces\[0\]\.admins\[0\]: "wang" is not a writing member/);
    bad({ name: 'internal', members: ['zhang'], admins: ['nobody'] }, /spaces\[0\]\.admins\[0\]: unknown user "nobody"/);
    bad({ name: 'internal', members: ['zhang'], admins: 'zhang' }, /spaces\[0\]\.admins: expected an array of user names/);
  });

  it('names the offending field and the fix', () => {
    const bad = (json: unknown, expected: RegExp): void => assert.throws(() => parseAccessConfig(json), expected);
    bad(
      { users: [{ name: 'a', token: 'token-x-0123456789' }, { name: 'b' }], spaces: [] },
      /^Error: users\[1\]\.token: expected a non-empty string; give "token" or "tokenSha256"/,
    );
    bad({ users: [{ name: 'a', tokenSha256: 'abc' }], spaces: [] }, /users\[0\]\.tokenSha256: expected 64 hex digits/);
    bad(
      { users: [{ name: 'a', token: 'token-x-0123456789' }], spaces: [{ name: 's', members: ['b'] }] },
      /spaces\[0\]\.members\[0\]: unknown user "b"/,
    );
    bad(
      { users: [{ name: 'a', token: 'token-x-0123456789' }], spaces: [{ name: '../etc', members: ['a'] }] },
      /spaces\[0\]\.name: "\.\.\/etc" is not a valid space name/,
    );
    bad(
      {
        users: [
          { name: 'a', token: 'token-x-0123456789' },
          { name: 'a', token: 'token-y-0123456789' },
        ],
        spaces: [],
      },
      /users\[1\]\.name: "a" appears twice/,
    );
    bad(
      {
        users: [
          { name: 'a', token: 'token-x-0123456789' },
          { name: 'b', token: 'token-x-0123456789' },
        ],
        spaces: [],
      },
      /users\[1\]: has the same token/,
    );
    bad({ spaces: [] }, /^Error: users: expected a non-empty array/);
    bad([], /\(top level\)/);
  });
});

describe('SyncServer: access before the upgrade', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('refuses with plain HTTP 401/403/400 and sends no byte of the space', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir, access: parseAccessConfig(configJson) });
    // Put content in the space first, so a leak would be visible.
    const writer = stockClient(cleanup, url, 'internal', 'zhang-secret-token');
    await waitFor('writer synced', () => writer.provider.synced);
    writer.records.set('secret', 'payroll');

    for (const [path, status] of [
      ['/internal', 401],
      ['/internal?token=wrong', 401],
      ['/internal?token=wang-secret-token', 403],
      ['/nowhere?token=zhang-secret-token', 403],
      ['/..%2Fetc?token=zhang-secret-token', 400],
      ['/%E0%A4%A?token=zhang-secret-token', 400],
    ] as const) {
      const outcome = await rawConnect(url + path);
      assert.deepEqual(outcome, { status, opened: false, messages: 0 }, path);
    }
    const member = await rawConnect(`${url}/internal?token=zhang-secret-token`);
    assert.equal(member.opened, true);
  });

  it('lets a read-only member read but neither relays nor stores its edits', async () => {
    const dataDir = await tempDir(cleanup);
    const logger = memoryLogger();
    const first = await startServer(cleanup, { dataDir, access: parseAccessConfig(configJson), logger });
    const writer = stockClient(cleanup, first.url, 'internal', 'zhang-secret-token');
    const reader = stockClient(cleanup, first.url, 'internal', 'li-secret-token-1');
    await waitFor('both synced', () => writer.provider.synced && reader.provider.synced);
    writer.records.set('r1', 'from zhang');
    await waitFor('reader reads', () => reader.records.get('r1') === 'from zhang');
    reader.records.set('r2', 'from li');
    await waitFor('the drop is logged', () => logger.lines.some((line) => line.includes('read-only user "li"')));
    // A later write from the writer arrives; the reader's edit never does.
    writer.records.set('r3', 'later');
    await waitFor('reader gets later edits', () => reader.records.get('r3') === 'later');
    assert.equal(writer.records.get('r2'), undefined);
    writer.provider.destroy();
    reader.provider.destroy();
    await first.server.close();
    const onDisk = (await readSpaceFromDisk(dataDir, 'internal')).getMap('records');
    assert.equal(onDisk.get('r3'), 'later');
    assert.equal(onDisk.get('r2'), undefined);
  });
});
