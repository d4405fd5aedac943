// The session role the server tells a client (src/protocol/authMessages.ts): after the handshake,
// and again when a config reload makes a member an admin or takes it back; an open server makes
// everyone an admin.
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { parseAccessConfig } from '../../../server/access';
import { SpaceSync } from '../../../src/sync/syncClient';
import { Cleanup, startServer, tempDir, waitFor } from './helpers';

const users = [
  { name: 'boss', token: 'boss-token-0123456789' },
  { name: 'member', token: 'member-token-0123456789' },
];

function access(admins: string[]): ReturnType<typeof parseAccessConfig> {
  return parseAccessConfig({ users, spaces: [{ name: 'internal', members: ['boss', 'member'], admins }] });
}

describe('SyncServer: the session role', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('tells each session whether it is an admin, and tells it again when the access config changes that', async () => {
    const { server, url } = await startServer(cleanup, { dataDir: await tempDir(cleanup), access: access(['boss']) });
    const member = new SpaceSync({ doc: new Y.Doc(), serverUrl: url, space: 'internal', token: users[1].token });
    cleanup.add(() => member.destroy());
    await member.whenSynced(5000);
    await waitFor('the first role', () => member.role !== undefined);
    assert.deepEqual(member.role, { user: 'member', readOnly: false, admin: false });
    server.setAccess(access(['boss', 'member']));
    await waitFor('the member made admin', () => member.role?.admin === true);
    server.setAccess(access(['boss']));
    await waitFor('the admin taken back', () => member.role?.admin === false);
    assert.equal(member.status, 'connected');
  });

  it('makes everyone an admin of an open server', async () => {
    const { url } = await startServer(cleanup, { dataDir: await tempDir(cleanup) });
    const anyone = new SpaceSync({ doc: new Y.Doc(), serverUrl: url, space: 'internal' });
    cleanup.add(() => anyone.destroy());
    await anyone.whenSynced(5000);
    await waitFor('the role', () => anyone.role !== undefined);
    assert.deepEqual(anyone.role, { user: 'anonymous', readOnly: false, admin: true });
  });
});
