import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiaisonRecord } from '../../../src/domain/record';
import { Replica, checkServerUrl } from '../../../src/sync/replica';

const sample: LiaisonRecord = {
  id: 'R-20261121-replica1',
  kind: 'internal-message',
  space: 'internal',
  title: '关于发布窗口的通知-已确定',
  fields: { sender: '王芳', recipients: ['李明'] },
  body: 'x\n',
  createdBy: '王芳',
  createdAt: '2026-11-21T01:00:00.000Z',
  events: [{ id: 'E-1', type: 'sent', actor: '王芳', at: '2026-11-21T01:00:00.000Z' }],
};

describe('Replica', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'liaison-replica-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a bad space name before opening anything', async () => {
    await assert.rejects(Replica.open({ storeRoot: root, spaces: ['internal', 'a/b'] }), /space "a\/b"/);
    assert.equal(existsSync(join(root, 'spaces', 'internal')), false, 'no space was left open or created');
  });

  it('works offline with a bad server address, and says what is wrong with it', async () => {
    const replica = await Replica.open({ storeRoot: root, spaces: ['internal'], server: { url: 'liaison.example.com:4455' } });
    try {
      assert.match(replica.serverProblem ?? '', /must start with ws:\/\//);
      assert.deepEqual(
        replica.syncStatus().map((s) => s.state),
        ['local'],
      );
      await replica.add(sample);
      assert.equal(replica.record('internal', sample.id)?.title, sample.title);
    } finally {
      await replica.close();
    }
    assert.equal(checkServerUrl('ws://127.0.0.1:4455'), undefined);
    assert.match(checkServerUrl('127.0.0.1:4455') ?? '', /must start with|not an address/);
  });

  it('keeps records across close and reopen, and refuses writes once closed', async () => {
    const first = await Replica.open({ storeRoot: root, spaces: ['internal'] });
    await first.add(sample);
    await first.close();
    await assert.rejects(first.add({ ...sample, id: 'R-20261121-late0001' }), /replica is closed/);
    const second = await Replica.open({ storeRoot: root, spaces: ['internal'] });
    try {
      assert.deepEqual(
        second.records().map((r) => r.id),
        [sample.id],
      );
    } finally {
      await second.close();
    }
  });
});
