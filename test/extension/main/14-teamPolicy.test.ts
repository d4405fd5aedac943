// The team policy stored with the space, in a real VS Code (王芳, an admin of `internal` in the
// real server's access file): the workspace's `.liaison/policy.yaml` is offered for import once
// (Not now is remembered; Import stores it and the file is then ignored); Edit Team Policy refuses a
// bad save with a diagnostic on the bad line and stores nothing, and a good save appends a version
// that a second replica receives through the real server; Edit Directory refuses a bad row the
// same way. The built-in rules are put back afterwards (a version with empty texts), so the tests
// after this one run on the defaults.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { appendTeamPolicyVersion, teamPolicyVersions } from '../../../src/app/teamPolicy';
import { Replica } from '../../../src/sync/replica';
import { COMMANDS } from '../../../src/vscode/commands';
import { readServerUrl, readSettingToken } from '../../../src/vscode/settings';
import { liaison, testEnv, waitFor } from '../helpers';

async function setText(document: vscode.TextDocument, text: string): Promise<void> {
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
}

describe('team policy in the space (王芳)', () => {
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const policyFile = vscode.Uri.file(join(folder, '.liaison', 'policy.yaml'));

  after(async () => {
    const api = await liaison();
    await vscode.workspace.fs.delete(policyFile).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const space = api.services.policySpace;
    await api.services.replica!.change(space, (doc) =>
      appendTeamPolicyVersion(doc, { by: '王芳', at: new Date(), policy: '', retention: '' }),
    );
    await waitFor('the built-in rules back in force', () => api.services.policy.current.version?.policy === '');
  });

  it('offers the workspace policy file once for import: Not now is remembered, Import stores it', async () => {
    const api = await liaison();
    const space = api.services.policySpace;
    const doc = api.services.replica!.doc(space)!;
    assert.equal(teamPolicyVersions(doc).length, 0, 'a fresh space has no team policy');
    await vscode.workspace.fs.writeFile(policyFile, Buffer.from('remindEvery: 2h\n'));
    await api.teamPolicy.forgetOffers();
    assert.equal(await api.teamPolicy.offerImport('not now'), undefined);
    assert.equal(teamPolicyVersions(doc).length, 0, 'Not now imports nothing');
    assert.equal(await api.teamPolicy.offerImport('import'), undefined, 'the answer is remembered: no second offer');
    assert.equal(teamPolicyVersions(doc).length, 0);

    await api.teamPolicy.forgetOffers();
    const imported = await api.teamPolicy.offerImport('import');
    assert.equal(imported?.policy, 'remindEvery: 2h\n');
    assert.deepEqual(
      teamPolicyVersions(doc).map((version) => [version.by, version.policy]),
      [['王芳', 'remindEvery: 2h\n']],
    );
    await waitFor('the imported version in force', () => api.services.policy.current.version?.id === teamPolicyVersions(doc)[0].id);
    assert.match(api.services.policy.current.source, new RegExp(`^space ${space} \\(version `));
    assert.equal(await api.teamPolicy.offerImport('import'), undefined, 'a space with a policy is not offered the files again');
  });

  it('Edit Team Policy refuses a bad save with a diagnostic on its line; a good save syncs to another replica', async () => {
    const api = await liaison();
    const space = api.services.policySpace;
    const doc = api.services.replica!.doc(space)!;
    const before = teamPolicyVersions(doc).length;
    const uris = await vscode.commands.executeCommand<string[]>(COMMANDS.editTeamPolicy);
    assert.deepEqual(uris, [`liaison-policy:/${space}/policy.yaml`, `liaison-policy:/${space}/retention.yaml`]);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uris[0]));
    assert.equal(document.getText(), 'remindEvery: 2h\n', 'the document is the version in force');

    await setText(document, 'remindEvery: 2h\nrules:\n  - id: quick\n    target: soon\n');
    assert.ok(await document.save(), 'the save is answered, not failed');
    const diagnostics = await waitFor('a diagnostic on the bad line', () => {
      const found = vscode.languages.getDiagnostics(document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(diagnostics[0].range.start.line, 3, 'on line 4, where the target is');
    assert.match(diagnostics[0].message, /^rules\[0\]\.target: /);
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(teamPolicyVersions(doc).length, before, 'nothing was stored');
    assert.equal(document.getText(), 'remindEvery: 2h\nrules:\n  - id: quick\n    target: soon\n', 'the text stays to be fixed');

    const good = `remindEvery: 2h\n# set in the editor ${testEnv('LIAISON_TEST_RUN_ID')}\n`;
    await setText(document, good);
    assert.ok(await document.save());
    await waitFor('the version appended', () => teamPolicyVersions(doc).length === before + 1);
    await waitFor('the diagnostics cleared', () => vscode.languages.getDiagnostics(document.uri).length === 0);
    const version = teamPolicyVersions(doc)[before];
    assert.equal(version.policy, good);
    assert.equal(version.by, '王芳');

    // Another replica of the same space, its own store, through the real server.
    const store = mkdtempSync(join(tmpdir(), 'liaison-policy-peer-'));
    const other = await Replica.open({ storeRoot: store, spaces: [space], server: { url: readServerUrl(), token: readSettingToken() } });
    try {
      await waitFor('the version on the other replica', () =>
        teamPolicyVersions(other.doc(space)!).some((candidate) => candidate.id === version.id && candidate.policy === good),
      );
    } finally {
      await other.close();
      rmSync(store, { recursive: true, force: true });
    }
  });

  it('Edit Directory refuses a bad row with a diagnostic on its line naming the column and the fix', async () => {
    const api = await liaison();
    const uri = await vscode.commands.executeCommand<string>(COMMANDS.editDirectory);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const stored = document.getText();
    const before = JSON.stringify(api.services.replica!.directory(api.services.directorySpace));
    await setText(document, `${stored.trimEnd()}\n孙丽,测试部,,sunli-at-example,,,,,\n`);
    assert.ok(await document.save());
    const diagnostics = await waitFor('a diagnostic on the bad row', () => {
      const found = vscode.languages.getDiagnostics(document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(diagnostics[0].range.start.line, stored.trimEnd().split('\n').length);
    assert.match(diagnostics[0].message, /^email: the email "sunli-at-example" of 孙丽 is not an address like name@example.com/);
    assert.equal(JSON.stringify(api.services.replica!.directory(api.services.directorySpace)), before, 'nothing was stored');
    await setText(document, stored);
    assert.ok(await document.save());
    await waitFor('the diagnostics cleared', () => vscode.languages.getDiagnostics(document.uri).length === 0);
  });
});
