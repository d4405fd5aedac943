// package.json and the code agree: every command and setting the code uses is contributed, and
// nothing is contributed that the code does not use. (The extension-host suite checks that the
// running extension registers exactly the contributed commands.)
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allSnippets } from '../../../src/domain/snippets';
import { COMMANDS } from '../../../src/vscode/commands';
import { SETTINGS } from '../../../src/vscode/settingKeys';

const root = join(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json', () => {
  it('contributes exactly the commands of COMMANDS', () => {
    const contributed = manifest.contributes.commands.map((command: { command: string }) => command.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
  });

  it('contributes exactly the settings of SETTINGS, each with a description', () => {
    const properties = manifest.contributes.configuration.properties as Record<
      string,
      { description?: string; markdownDescription?: string }
    >;
    assert.deepEqual(Object.keys(properties).sort(), Object.values(SETTINGS).sort());
    for (const [key, property] of Object.entries(properties)) assert.ok(property.description || property.markdownDescription, key);
  });

  it('uses one prefix for every command, view and setting', () => {
    const views = Object.values(manifest.contributes.views).flat() as { id: string }[];
    for (const id of [...Object.values(COMMANDS), ...Object.values(SETTINGS), ...views.map((view) => view.id)])
      assert.match(id, /^liaison\./);
  });

  it('ships snippets that are exactly what the templates derive (npm run snippets regenerates them)', () => {
    const shipped = JSON.parse(readFileSync(join(root, 'snippets', 'liaison.code-snippets'), 'utf8'));
    assert.deepEqual(shipped, JSON.parse(JSON.stringify(allSnippets())));
    assert.ok(Object.keys(shipped).length >= 2);
  });
});
