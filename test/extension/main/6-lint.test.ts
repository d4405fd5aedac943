// Issue 3 in a real VS Code: the message lint as diagnostics on a draft file, quick fixes applied
// through the code-action API the light bulb uses, Send refused while errors remain and sent
// once they are fixed; a directory imported from CSV; a team template picked up from the
// workspace's .liaison/templates/.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SendResult } from '../../../src/vscode/features/send';
import { liaison, testEnv, waitFor } from '../helpers';

function folder(): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) throw new Error('the test window has no workspace folder');
  return root;
}

function codes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'liaison')
    .map((d) => String(d.code));
}

/** Applies the quick fix titled `title` offered for the diagnostic with `code`. */
async function applyFix(uri: vscode.Uri, code: string, title: RegExp): Promise<string> {
  let offered: string[] = [];
  const action = await waitFor(
    `a quick fix matching ${title} for ${code}`,
    async () => {
      const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => String(d.code) === code);
      if (!diagnostic) return undefined;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      offered = actions.map((a) => a.title);
      return actions.find((candidate) => title.test(candidate.title) && candidate.edit);
    },
    10_000,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; offered: ${offered.join(' | ')}`);
  });
  assert.ok(action.edit && (await vscode.workspace.applyEdit(action.edit)));
  return action.title;
}

describe('Message lint in the editor', () => {
  const runId = testEnv('LIAISON_TEST_RUN_ID');

  it('imports a directory from CSV into the directory space', async () => {
    const api = await liaison();
    const csv = join(testEnv('LIAISON_TEST_DIR'), `directory-${runId}.csv`);
    writeFileSync(csv, '姓名,部门,负责人,职位\n王芳,产品部,是,产品经理\n李明,研发部,,工程师\n张伟,研发部,是,研发总监\n,研发部,,\n');
    const result = await vscode.commands.executeCommand<{ people: number; departments: number; problems: { line: number }[] }>(
      'liaison.importDirectory',
      vscode.Uri.file(csv),
    );
    assert.equal(result.people, 3);
    assert.deepEqual(
      result.problems.map((problem) => problem.line),
      [5],
      'the row without a name is reported by line',
    );
    await waitFor('the directory to load', () => api.services.directory.resolve('李明'));
    assert.equal(api.services.directory.headOf('李明'), '张伟');
  });

  it('shows diagnostics on a draft, applies quick fixes, refuses Send until the errors are fixed', async () => {
    const api = await liaison();
    const file = join(folder(), `lint-draft-${runId}.md`);
    writeFileSync(
      file,
      [
        '---',
        'kind: internal-message',
        'space: internal',
        `title: "【紧急】Payment gateway ${runId}: outage reported - Ops"`,
        'sender: 王芳',
        'recipients: [相关部门]',
        'type: issue-feedback',
        'priority: medium',
        'deadline: 尽快',
        'attachments: [日志.zip]',
        '---',
        '',
        '## Background',
        '',
        'Payments fail for 5% of orders since 09:10.',
        '',
        '## Goal',
        '',
        '详见附件',
        '',
      ].join('\n'),
    );
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const uri = document.uri;
    await waitFor('lint diagnostics', () => codes(uri).includes('vague-deadline'));
    const found = codes(uri);
    for (const code of ['vague-deadline', 'vague-recipient', 'tag-mismatch', 'placeholder-value', 'required-section', 'attachment-name'])
      assert.ok(found.includes(code), `${code} in ${found.join(', ')}`);
    const deadline = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'vague-deadline');
    assert.equal(deadline?.range.start.line, 8, 'the diagnostic sits on the deadline line');
    assert.equal(deadline?.severity, vscode.DiagnosticSeverity.Error);

    // A quick fix inserts a concrete date-time for "尽快".
    await applyFix(uri, 'vague-deadline', /date-time|具体时间/);
    await waitFor('the vague deadline to be fixed', () => !codes(uri).includes('vague-deadline'));
    assert.match(document.getText(), /^deadline: \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/m);

    const before = api.services.replica?.records().length ?? 0;
    const refused = await vscode.commands.executeCommand<SendResult>('liaison.send', uri);
    assert.equal(refused.sent, false);
    assert.ok(
      refused.problems.some((problem) => problem.includes('相关部门')),
      refused.problems.join('\n'),
    );
    assert.equal(api.services.replica?.records().length, before, 'nothing was written');

    // The recipient comes from the directory; the tag decides the priority; the missing section is added.
    await applyFix(uri, 'vague-recipient', /研发部|产品部/);
    await applyFix(uri, 'tag-mismatch', /priority/);
    await applyFix(uri, 'required-section', /Action/);
    await waitFor(
      'those fixes to be linted',
      () => !codes(uri).includes('vague-recipient') && !codes(uri).includes('tag-mismatch') && codes(uri).includes('required-section'),
    );
    // What is left needs words, not a mechanical fix: the user writes them.
    const editor = await vscode.window.showTextDocument(document);
    const text = document
      .getText()
      .replace('详见附件', 'Every payment succeeds again by tonight.')
      .replace(/(## Action\n\n)<!--[^\n]*-->/, '$1Ops restarts the gateway; R&D reviews the timeout settings.');
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
    await waitFor('no lint errors', () =>
      vscode.languages.getDiagnostics(uri).every((d) => d.severity !== vscode.DiagnosticSeverity.Error),
    );
    assert.match(document.getText(), /^priority: urgent$/m);

    const sent = await vscode.commands.executeCommand<SendResult>('liaison.send', uri);
    assert.equal(sent.sent, true, sent.problems.join('\n'));
    const record = api.services.replica?.record(sent.space ?? '', sent.recordId ?? '');
    assert.ok(record, 'the record is in the store');
    assert.equal(record.fields.priority, 'urgent');
    assert.ok(['研发部', '产品部'].some((name) => (record.fields.recipients as string[]).includes(name)));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('picks up a team template from .liaison/templates and drafts from it', async () => {
    const api = await liaison();
    const dir = join(folder(), '.liaison', 'templates');
    const kind = `vendor-onboarding`;
    // Written as a user does: the file is created, then edited and saved in VS Code. (File
    // watching alone is not reliable for a folder created after start: the save always is.)
    const write = async (name: string, text: string): Promise<void> => {
      const uri = vscode.Uri.file(join(dir, name));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(''));
      const document = await vscode.workspace.openTextDocument(uri);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), text);
      await vscode.workspace.applyEdit(edit);
      await document.save();
    };
    await write(
      'vendor.md',
      [
        '---',
        `kind: ${kind}`,
        'label: { zh: 供应商入驻, en: Vendor onboarding }',
        'fields:',
        '  - key: vendor',
        '    label: { zh: 供应商, en: Vendor }',
        '    type: text',
        '    required: true',
        '    help: the vendor company',
        '  - key: recipients',
        '    label: Recipients',
        '    type: people',
        '    required: true',
        '---',
        '## Checklist / Checklist *',
        'What the vendor must provide',
        '',
      ].join('\n'),
    );
    await waitFor('the team template', () => api.services.templates.current.find(kind));
    const draftUri = await vscode.commands.executeCommand<string>('liaison.newRecord', { kind });
    const draft = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === draftUri);
    assert.ok(draft);
    assert.match(draft.getText(), /^vendor: ''/m);
    await waitFor('diagnostics from the team template', () => codes(draft.uri).includes('required-field'));
    assert.ok(vscode.languages.getDiagnostics(draft.uri).some((d) => d.message.includes('vendor')));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    // A broken template shows its problem on the template file, naming the fix.
    await write('broken.md', '---\nkind: Broken Kind\n---\n');
    const broken = vscode.Uri.file(join(dir, 'broken.md'));
    const problem = await waitFor('a diagnostic on the broken template', () =>
      vscode.languages.getDiagnostics(broken).find((d) => d.code === 'template'),
    );
    assert.match(problem.message, /lower-case letters/);
    assert.equal(problem.range.start.line, 1);
  });
});
