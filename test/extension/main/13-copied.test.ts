// Heads in copy across two identities through the real server (the other half is
// peer/zz-copied.test.ts): 王芳 sends a collaboration request to 赵强 of 测试部, whose head is 李明;
// the policy's defaults copy both departments' heads, so 李明 is copied (王芳, who heads 产品部, is
// the author and never copied). 李明 sees it under Copied to Me with nothing owed.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { copiedOn } from '../../../src/domain/copy';
import type { SendResult } from '../../../src/vscode/features/send';
import { copiedTitle, isDone, liaison, markDone, waitFor, writeDraft } from '../helpers';

describe('heads in copy, sender side (王芳)', () => {
  it('copies the head of the recipient’s department on a collaboration request', async () => {
    const api = await liaison();
    const replica = api.services.replica!;
    await replica.setDirectory(
      api.services.directorySpace,
      { people: [{ name: '赵强', department: '测试部' }], departments: [{ name: '测试部', head: '李明' }] },
      { replace: false },
    );
    await waitFor('测试部 in the directory', () => api.services.directory.headOf('赵强') === '李明');

    const editor = await writeDraft({ title: copiedTitle(), recipients: ['赵强'], type: 'collaboration-request' });
    const sent = await vscode.commands.executeCommand<SendResult>('liaison.send', editor.document.uri);
    assert.equal(sent.sent, true, sent.problems.join('\n'));
    const record = replica.record(sent.space as string, sent.recordId as string)!;
    assert.deepEqual(copiedOn(record), ['李明']);
    assert.deepEqual(record.fields.audience, ['赵强'], 'the copied head is not asked');
    assert.ok(!api.copied.entries().some((entry) => entry.id === record.id), 'the author is never copied');
    markDone('copied-sent');
    await waitFor('李明 to see it under Copied to Me', () => isDone('copied-seen'), 150_000);
  });
});
