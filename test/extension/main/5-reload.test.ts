// The store is the source of truth: reopening the spaces (as on a restart) reloads every
// record from disk, with its events.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { liaison, testEnv } from '../helpers';

describe('reload from disk', () => {
  it('Liaison: Reload Spaces brings back every record and event from the local store', async () => {
    const api = await liaison();
    const before =
      api.services.replica
        ?.records()
        .map((r) => `${r.id}:${r.events.length}`)
        .sort() ?? [];
    assert.ok(before.length >= 2, 'the earlier tests sent records');
    const old = api.services.replica;
    await vscode.commands.executeCommand('liaison.refresh');
    const replica = await api.services.ready();
    assert.notEqual(replica, old, 'a new replica was opened');
    const after = replica
      .records()
      .map((r) => `${r.id}:${r.events.length}`)
      .sort();
    for (const entry of before) assert.ok(after.includes(entry), `${entry} reloaded`);
  });
});

describe('the replica scope', () => {
  it('reload awaits what was registered for the old replica before closing it, then announces the new one', async () => {
    const api = await liaison();
    const old = await api.services.ready();
    const space = old.spaceNames[0];
    const run = testEnv('LIAISON_TEST_RUN_ID');
    const steps: string[] = [];
    let scopes = 0;
    const subscription = api.services.onDidOpenReplica((scope) => {
      scopes++;
      if (scope.replica !== old) {
        steps.push('new replica announced');
        return;
      }
      // A disposer that still writes to its replica, a few turns after closing began: the old
      // replica must stay open until it is done.
      scope.add(async () => {
        steps.push('disposer started');
        for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
        await old.add({
          id: `R-scope-${run}`,
          kind: 'internal-message',
          space,
          title: `Written while closing ${run}`,
          body: '',
          createdBy: '王芳',
          createdAt: '2026-05-18T01:00:00.000Z',
          fields: { sender: '王芳', recipients: ['王芳'] },
          events: [],
        });
        steps.push('disposer wrote to its replica');
      });
    });
    assert.equal(scopes, 1, 'the open replica is announced at once to a new listener');
    try {
      await vscode.commands.executeCommand('liaison.refresh');
      const replica = await api.services.ready();
      assert.notEqual(replica, old);
      assert.deepEqual(steps, ['disposer started', 'disposer wrote to its replica', 'new replica announced']);
      assert.equal(replica.record(space, `R-scope-${run}`)?.title, `Written while closing ${run}`, 'what it wrote was on disk');
    } finally {
      subscription.dispose();
    }
  });
});
