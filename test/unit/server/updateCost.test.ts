// Issue 13, finding 4, against `liaison serve` as a child process: one legal 8.7 MB update of 400k
// array inserts stalled every space for 3.9 s, and the rate limit counted messages, not cost.
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { Cleanup, stockClient, tempDir, waitFor } from './helpers';
import { bareClient, metric, sendNow, syncFrame, writeAccess } from './hostileClients';
import { startCliServer } from './processes';

const zhang = { name: 'zhang', token: 'zhang-token-0123456789' };
const wang = { name: 'wang', token: 'wang-token-0123456789a' };

/** One update of `count` separate array inserts (they do not merge into one struct). */
function heavyUpdate(count: number): Uint8Array {
  const doc = new Y.Doc();
  const array = doc.getArray<number>('a');
  doc.transact(() => {
    for (let i = 0; i < count; i++) array.insert(i % 2 === 0 ? 0 : array.length, [i]);
  });
  return Y.encodeStateAsUpdate(doc);
}

describe('liaison serve: updates charged by cost, not count (issue 13)', function () {
  this.timeout(90_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('refuses an update over --max-update-bytes before applying it; the space never sees it and others go on', async () => {
    const dir = await tempDir(cleanup);
    const config = await writeAccess(dir, 'internal', [zhang, wang]);
    const { url } = await startCliServer(cleanup, ['--data', dir, '--config', config]);
    const a = stockClient(cleanup, url, 'internal', wang.token);
    const b = stockClient(cleanup, url, 'internal', wang.token);
    await waitFor('honest clients synced', () => a.provider.synced && b.provider.synced);
    const heavy = heavyUpdate(100_000);
    assert.ok(heavy.length > 1024 * 1024, `${heavy.length} bytes`);
    const hostile = await bareClient(cleanup, `${url}/internal?token=${zhang.token}`);
    await sendNow(hostile, syncFrame(2, heavy));
    await waitFor('the heavy sender is closed', () => hostile.closed() !== undefined, 20_000);
    assert.equal(hostile.closed(), 1009);
    assert.equal(await metric(url, 'liaison_connections_closed_total{reason="update_too_large"}'), 1);
    a.records.set('after', 'ok');
    await waitFor('the room goes on', () => b.records.get('after') === 'ok');
    assert.equal(b.doc.getArray('a').length, 0, 'nothing of it was applied');
  });

  it("charges a user's updates by size and apply time across its connections, refusing (1013) what its budget cannot cover", async () => {
    const dir = await tempDir(cleanup);
    const config = await writeAccess(dir, 'internal', [zhang, wang]);
    const { url } = await startCliServer(cleanup, [
      '--data',
      dir,
      '--config',
      config,
      '--update-cost-burst',
      String(2 * 1024 * 1024),
      '--update-cost-per-second',
      String(64 * 1024),
    ]);
    const honest = stockClient(cleanup, url, 'internal', wang.token);
    await waitFor('honest client synced', () => honest.provider.synced);
    const first = await bareClient(cleanup, `${url}/internal?token=${zhang.token}`);
    const second = await bareClient(cleanup, `${url}/internal?token=${zhang.token}`);
    // Updates of ~170 KB of separate inserts: each costs its bytes plus its apply time.
    const updates = Array.from({ length: 4 }, () => heavyUpdate(12_000));
    for (let i = 0; i < 30 && first.closed() === undefined; i++) {
      await sendNow(first, syncFrame(2, updates[i % updates.length])).catch(() => undefined);
    }
    await waitFor('the first connection is refused', () => first.closed() !== undefined, 20_000);
    assert.equal(first.closed(), 1013);
    // The budget is the user's: the second connection cannot start afresh.
    await sendNow(second, syncFrame(2, updates[0])).catch(() => undefined);
    await waitFor('the second connection is refused too', () => second.closed() !== undefined, 20_000);
    assert.equal(second.closed(), 1013);
    assert.equal(await metric(url, 'liaison_connections_closed_total{reason="cost_limit"}'), 2);
    // Another user is not charged for it.
    honest.records.set('mine', 'ok');
    const check = stockClient(cleanup, url, 'internal', wang.token);
    await waitFor("wang's edit arrives", () => check.records.get('mine') === 'ok');
  });
});
