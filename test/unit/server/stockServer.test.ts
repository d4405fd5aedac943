// Liaison's own clients against the stock y-websocket server (@y/websocket-server, run as its
// README runs it), so a team can start with the stock server and move to Liaison's later.
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import type { LiaisonRecord } from '../../../src/domain/record';
import { Replica } from '../../../src/sync/replica';
import { SpaceSync } from '../../../src/sync/syncClient';
import { Cleanup, stockClient, tempDir, waitFor } from './helpers';
import { startStockServer } from './processes';

function record(id: string, space: string): LiaisonRecord {
  return {
    id,
    kind: 'internal-message',
    space,
    title: `关于${id}的通知-已确认`,
    fields: { sender: '王芳', recipients: ['李明'] },
    body: '## 背景\n\n说明。\n',
    createdBy: '王芳',
    createdAt: '2026-11-21T01:00:00.000Z',
    events: [{ id: `E-${id}`, type: 'sent', actor: '王芳', at: '2026-11-21T01:00:00.000Z' }],
  };
}

describe('Liaison clients against the stock y-websocket server', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('SpaceSync exchanges edits, pushes its state in pieces and confirms the server has it', async () => {
    const { url } = await startStockServer(cleanup);
    const local = new Y.Doc();
    for (let i = 0; i < 300; i++) local.getMap('records').set(`r${i}`, '离线时写的记录'.repeat(20));
    const sync = new SpaceSync({ doc: local, serverUrl: url, space: 'internal', pushPieceBytes: 8 * 1024 });
    cleanup.add(() => sync.destroy());
    await sync.whenSynced(10000);
    const other = stockClient(cleanup, url, 'internal');
    await waitFor('a stock client sees the pushed state', () => other.records.size === 300, 10000);
    assert.equal(await sync.confirmServerHasAll(10000), true);

    other.records.set('from-stock-client', 1);
    await waitFor('SpaceSync receives', () => local.getMap('records').get('from-stock-client') === 1);
    local.getMap('records').delete('r0');
    await waitFor('the deletion arrives', () => !other.records.has('r0'));
    assert.equal(await sync.confirmServerHasAll(10000), true);
  });

  it('two replicas share records through it', async () => {
    const { url } = await startStockServer(cleanup);
    const first = await Replica.open({ storeRoot: await tempDir(cleanup), spaces: ['internal'], server: { url } });
    cleanup.add(() => first.close());
    const second = await Replica.open({ storeRoot: await tempDir(cleanup), spaces: ['internal'], server: { url } });
    cleanup.add(() => second.close());
    await Promise.all([first.whenSynced(), second.whenSynced()]);
    await first.add(record('R-stock-1', 'internal'));
    await waitFor('the other replica has it', () => second.record('internal', 'R-stock-1') !== undefined);
    await second.appendEvent('internal', 'R-stock-1', { id: 'E-read', type: 'read', actor: '李明', at: '2026-11-21T02:00:00.000Z' });
    await waitFor('the read receipt comes back', () => first.record('internal', 'R-stock-1')?.events.length === 2);
  });
});
