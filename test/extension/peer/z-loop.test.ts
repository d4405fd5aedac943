// The worker's half of the closed loop (main/7-loop.test.ts is the requester's).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { deriveState } from '../../../src/domain/status';
import type { ActionOutcome } from '../helpers';
import { isDone, liaison, loopTitle, markDone, treeRows, waitFor } from '../helpers';

describe('closed loop, worker side (李明)', () => {
  it('accepts, updates, delays with a new plan and delivers; cannot close what is not his', async () => {
    const api = await liaison();
    await waitFor('the request to be sent', () => isDone('loop-sent'), 240_000);
    const row = await waitFor('the request in Pending', () => treeRows(api.trees.pending).find((r) => r.label === loopTitle()), 120_000);
    const ref = { space: row.node.record.space, id: row.node.record.id };
    const item = api.trees.pending.getTreeItem(row.node);
    assert.match(String(item.contextValue), /\baction:accept\b/, 'the context menu offers Accept');
    assert.match(String(item.contextValue), /\baction:decline\b/);

    await vscode.commands.executeCommand('liaison.openRecord', ref);
    // Delivering before accepting is refused.
    const early = await vscode.commands.executeCommand<ActionOutcome>('liaison.deliver', ref);
    assert.equal(early.done, false);
    assert.match(early.reason ?? '', /先接受|Accept it before/);
    // Inputs (a note, a reason, a new plan) come as arguments here, so no prompt is needed.
    // Accept takes a note and an expected date, as a DingTalk or Jira assignee gives them.
    const accepted = await vscode.commands.executeCommand<ActionOutcome>('liaison.accept', {
      ...ref,
      note: '今天开始联调',
      due: '2030-01-10 18:00',
    });
    assert.equal(accepted.done, true);
    assert.equal(
      (await vscode.commands.executeCommand<ActionOutcome>('liaison.postUpdate', { ...ref, note: '接口已联调 60%' })).done,
      true,
    );
    assert.equal(
      (await vscode.commands.executeCommand<ActionOutcome>('liaison.delay', { ...ref, reason: '测试环境故障', due: '2030-01-15 18:00' }))
        .done,
      true,
    );
    assert.equal((await vscode.commands.executeCommand<ActionOutcome>('liaison.deliver', { ...ref, note: '已上线' })).done, true);
    // Delivered, it stays in sight: Pending's "我已交付" group, waiting for 王芳's confirmation.
    const group = api.trees.pending.getChildren().find((node) => node.kind === 'group' && node.group === 'delivered');
    assert.ok(group, 'a Delivered by me group');
    assert.equal(api.trees.pending.getTreeItem(group).label, '我已交付');
    const delivered = api.trees.pending.getChildren(group).map((node) => api.trees.pending.getTreeItem(node));
    const mine = delivered.find((item) => item.label === loopTitle());
    assert.match(String(mine?.description ?? ''), /交付于 .* · 待 王芳 确认/);
    const closing = await vscode.commands.executeCommand<ActionOutcome>('liaison.close', ref);
    assert.equal(closing.done, false);
    assert.match(closing.reason ?? '', /只有发起人|Only the author/);

    await waitFor('王芳 to close it', () => isDone('loop-closed'), 150_000);
    await waitFor(
      'the archive to sync here',
      () => {
        const record = api.services.replica?.record(ref.space, ref.id);
        return record && deriveState(record).status === 'archived';
      },
      60_000,
    );
    assert.equal(
      treeRows(api.trees.pending).some((r) => r.label === loopTitle()),
      false,
      'no longer pending',
    );
    markDone('loop-peer-saw-closed');
  });
});
