// The whole closed loop across two identities through the real server (the other half is
// peer/z-loop.test.ts): 王芳 asks 李明 for work; he accepts, posts an update, sends a delay
// notice and delivers; 王芳 cannot close before confirming, confirms, closes, and the history
// shows who did what. Illegal actions are refused with a message naming why.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { deriveState } from '../../../src/domain/status';
import type { SendResult } from '../../../src/vscode/features/send';
import type { ActionOutcome } from '../helpers';
import { isDone, liaison, loopTitle, markDone, waitFor, writeDraft } from '../helpers';

describe('closed loop, requester side (王芳)', () => {
  it('sends a request, sees it accepted and delivered, confirms and closes it', async () => {
    const api = await liaison();
    await waitFor('the sync connection', () => api.services.replica?.syncStatus().every((s) => s.state === 'connected'), 120_000);
    const editor = await writeDraft({ title: loopTitle(), recipients: ['李明'], type: 'collaboration-request' });
    const sent = await vscode.commands.executeCommand<SendResult>('liaison.send', editor.document.uri);
    assert.equal(sent.sent, true, sent.problems.join('\n'));
    const ref = { space: sent.space as string, id: sent.recordId as string };
    markDone('loop-sent');

    // Before anything is delivered, closing is refused and says why.
    const early = await vscode.commands.executeCommand<ActionOutcome>('liaison.close', ref);
    assert.equal(early.done, false);
    assert.match(early.reason ?? '', /Nothing has been delivered yet/);

    const record = () => api.services.replica?.record(ref.space, ref.id);
    await waitFor('李明 to deliver', () => record() && deriveState(record()!).status === 'delivered', 150_000);
    const delivered = record()!;
    const state = deriveState(delivered);
    assert.deepEqual(
      state.lifecycle.answers.map((answer) => [answer.recipient, answer.answer]),
      [['李明', 'accepted']],
    );
    assert.equal(state.lifecycle.plan?.due, '2030-01-15 18:00', 'the delay notice carries the new plan');

    const refused = await vscode.commands.executeCommand<ActionOutcome>('liaison.close', ref);
    assert.equal(refused.done, false);
    assert.match(refused.reason ?? '', /Cannot close yet: 王芳 has not confirmed/);
    assert.equal((await vscode.commands.executeCommand<ActionOutcome>('liaison.confirm', ref)).done, true);
    assert.equal((await vscode.commands.executeCommand<ActionOutcome>('liaison.close', ref)).done, true);
    assert.equal(deriveState(record()!).status, 'archived');
    const types = record()!.events.map((event) => event.type);
    for (const type of ['sent', 'read', 'accepted', 'status', 'delay', 'delivered', 'confirmed', 'archived'] as const)
      assert.ok(types.includes(type), `${type} in the history: ${types.join(', ')}`);
    // The record view shows the history and the buttons match what is possible now.
    const view = await vscode.commands.executeCommand<{ id: string }>('liaison.openRecord', ref);
    assert.equal(view?.id, ref.id);
    markDone('loop-closed');

    // A closed case becomes a knowledge entry, pre-filled.
    const uri = await vscode.commands.executeCommand<string>('liaison.toKnowledge', ref);
    const draft = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
    assert.ok(draft);
    assert.match(draft.getText(), /^kind: knowledge-entry$/m);
    assert.match(draft.getText(), new RegExp(`^source: ${ref.id}`, 'm'));
    assert.match(draft.getText(), /retrospective written/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('李明 to see it closed', () => isDone('loop-peer-saw-closed'), 120_000);
  });
});
