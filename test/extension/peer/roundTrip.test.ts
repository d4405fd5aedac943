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
    // Unread, the due most worth a glance named ("答复 1 小时 50 分钟后到期"), from 王芳.
    assert.match(
      row.description,
      /^● (答复|确认|截止).*(后到期|已超时|现在到期).* · 王芳$/,
      `unread, which due and when, from 王芳 (zh labels): ${row.description}`,
    );
    // The tooltip names every due: the confirmation the policy asks for, and the message's deadline (18:00).
    // (appendText escapes markdown, 2026\-05\-04, and writes spaces as &nbsp;.)
    const tip = String((api.trees.pending.getTreeItem(row.node).tooltip as { value?: string } | undefined)?.value ?? '')
      .replace(/\\/g, '')
      .replace(/&nbsp;/g, ' ');
    assert.match(tip, /确认(期限|已超时)/, tip);
    assert.match(tip, /截止( \d{4}-\d{2}-\d{2} 18:00|已超时)/, tip);
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
