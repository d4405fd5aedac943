// Closing an external request asks how satisfied the client was (Liaison: Close, in a real VS
// Code): the score and comment may come as arguments; a score out of range is refused with the
// reason; null skips the question; with no arguments the quick pick (5 … 1, Skip) and the
// optional comment box are answered through the workbench's own accept command.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { newEventId, newRecordId } from '../../../src/domain/ids';
import type { LiaisonRecord, RecordEvent } from '../../../src/domain/record';
import type { ActionOutcome } from '../helpers';
import { liaison, testEnv, waitFor } from '../helpers';

/** An external request 王芳 wrote and owns herself, delivered and confirmed: only the close is left. */
function readyToClose(space: string, title: string): LiaisonRecord {
  const start = Date.now() - 3_600_000;
  const at = (minutes: number): string => new Date(start + minutes * 60_000).toISOString();
  const event = (type: RecordEvent['type'], minutes: number): RecordEvent => ({
    id: newEventId(),
    type,
    actor: '王芳',
    actorDepartment: '产品部',
    at: at(minutes),
  });
  return {
    id: newRecordId(new Date(start)),
    kind: 'external-request',
    space,
    title,
    fields: { sender: '王芳', counterpart: 'ACME', counterpartType: 'client', owner: '王芳', audience: ['王芳'], priority: 'medium' },
    body: '## 需求\n\n导出数据。\n',
    createdBy: '王芳',
    createdAt: at(0),
    events: [event('sent', 0), event('accepted', 1), event('delivered', 2), event('confirmed', 3)],
  };
}

describe('client satisfaction on Liaison: Close (王芳)', () => {
  it('keeps the score given, refuses one out of range, skips with null, and asks when nothing is given', async () => {
    const api = await liaison();
    const replica = api.services.replica!;
    const space = replica.spaceNames[0];
    const run = testEnv('LIAISON_TEST_RUN_ID');
    const [scored, skipped, asked] = ['scored', 'skipped', 'asked'].map((name) =>
      readyToClose(space, `ACME export ${name} ${run}: delivered - Customer Success`),
    );
    for (const record of [scored, skipped, asked]) await replica.add(record);
    const archived = (record: LiaisonRecord): RecordEvent | undefined =>
      replica.record(space, record.id)?.events.find((event) => event.type === 'archived');

    const refused = await vscode.commands.executeCommand<ActionOutcome>('liaison.close', { space, id: scored.id, satisfaction: 6 });
    assert.equal(refused.done, false);
    assert.match(refused.reason ?? '', /whole number from 1 \(very dissatisfied\) to 5|满意度须为 1 到 5 的整数/);
    assert.equal(archived(scored), undefined, 'nothing was written');

    const closed = await vscode.commands.executeCommand<ActionOutcome>('liaison.close', {
      space,
      id: scored.id,
      satisfaction: 4,
      satisfactionComment: '响应及时',
    });
    assert.equal(closed.done, true, closed.reason);
    assert.deepEqual([archived(scored)?.satisfaction, archived(scored)?.satisfactionComment], [4, '响应及时']);

    const noScore = await vscode.commands.executeCommand<ActionOutcome>('liaison.close', { space, id: skipped.id, satisfaction: null });
    assert.equal(noScore.done, true, noScore.reason);
    assert.equal(archived(skipped)?.satisfaction, undefined);

    // No score in the arguments: the quick pick opens with "5 Very satisfied" first; accepting it and
    // then the empty comment box closes with 5 and no comment.
    const outcome = vscode.commands.executeCommand<ActionOutcome>('liaison.close', { space, id: asked.id });
    let settled: ActionOutcome | undefined;
    void outcome.then((value) => (settled = value));
    await waitFor(
      'the close to go through the quick pick and the comment box',
      async () => {
        if (settled) return true;
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return settled !== undefined;
      },
      30_000,
    );
    assert.equal(settled?.done, true, settled?.reason);
    assert.deepEqual([archived(asked)?.satisfaction, archived(asked)?.satisfactionComment], [5, undefined]);
  });
});
