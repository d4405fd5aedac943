// The store is the source of truth: reopening the spaces (as on a restart) reloads every
// record from disk, with its events.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { liaison } from '../helpers';

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
