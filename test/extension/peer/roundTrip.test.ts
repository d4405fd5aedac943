// The recipient's half of the round trip, in a second window with its own identity and store.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { isDone, liaison, roundTripTitle, treeRows, waitFor } from '../helpers';

describe('round trip, recipient side (李明)', () => {
  it('the record arrives in Pending; opening it records a read receipt that syncs back', async () => {
    const api = await liaison();
    assert.equal(api.services.identity?.name, '李明');
    const row = await waitFor(
      "the record in 李明's Pending tree",
      () => treeRows(api.trees.pending).find((r) => r.label === roundTripTitle()),
      120_000,
    );
    // Unread, from 王芳, its deadline, then the response due on the working calendar ("1 小时 50 分钟后").
    assert.match(
      row.description,
      /^● 王芳 · 截止 \d{4}-\d{2}-\d{2} 18:00 · .*(后|已超时|到期).*$/,
      'unread, from 王芳, with its deadline and response due (zh labels)',
    );
    assert.equal(row.node.kind, 'record');
    const { id, space } = row.node.record;
    // It is in this identity's own replica (its own store folder), not just on the server.
    assert.equal(api.services.replica?.record(space, id)?.createdBy, '王芳');

    const opened = await vscode.commands.executeCommand<{ events: { type: string; actor: string }[] }>('liaison.openRecord', { space, id });
    assert.ok(
      opened?.events.some((event) => event.type === 'read' && event.actor === '李明'),
      'read receipt recorded',
    );
    const after = treeRows(api.trees.pending).find((r) => r.label === roundTripTitle());
    assert.ok(after && !after.description.startsWith('●'), 'no longer marked unread');

    // Stay online until the sender has seen the receipt arrive.
    await waitFor('the sender to see the receipt', () => isDone('sender-saw-receipt'), 120_000);
  });
});
