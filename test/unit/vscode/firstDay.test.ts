// The first-day experience as package.json declares it: a walkthrough whose buttons and
// completion events name things that exist, an icon for every command shown in a menu or title
// bar, settings that explain themselves, and a welcome text for every empty tree.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Command {
  command: string;
  icon?: string | { light: string; dark: string };
}
interface Setting {
  description?: string;
  markdownDescription?: string;
  order?: number;
  enum?: unknown[];
  enumDescriptions?: string[];
  markdownEnumDescriptions?: string[];
}
interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; svg?: string };
  completionEvents?: string[];
}

const root = join(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const english = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const contributes = manifest.contributes;
const commands = new Set((contributes.commands as Command[]).map((command) => command.command));
const views = new Set((Object.values(contributes.views).flat() as { id: string }[]).map((view) => view.id));
const settings = contributes.configuration.properties as Record<string, Setting>;
/** The English text behind a `%key%`, or the text itself. */
const text = (value: string): string => english[/^%(.+)%$/.exec(value)?.[1] ?? ''] ?? value;

describe('first day: walkthrough', () => {
  const walkthrough = (contributes.walkthroughs ?? [])[0] as { id: string; steps: Step[] } | undefined;

  it('leads from setting your name to the closed loop', () => {
    assert.ok(walkthrough, 'contributes.walkthroughs is missing');
    assert.deepEqual(
      walkthrough.steps.map((step) => step.id),
      ['identity', 'server', 'newRecord', 'lint', 'send', 'sent', 'loop'],
    );
    const events = walkthrough.steps.flatMap((step) => step.completionEvents ?? []);
    for (const event of [
      'onSettingChanged:liaison.user.name',
      'onCommand:liaison.newRecord',
      'onCommand:liaison.send',
      'onView:liaison.sent',
    ])
      assert.ok(events.includes(event), event);
    for (const step of walkthrough.steps) assert.ok(step.media.markdown, `step ${step.id} has no markdown media`);
  });

  it('names only commands, views and settings that exist', () => {
    const problems: string[] = [];
    for (const step of walkthrough?.steps ?? []) {
      for (const event of step.completionEvents ?? []) {
        const [kind, id] = event.split(/:(.*)/s);
        if (!id.startsWith('liaison.')) continue;
        if (kind === 'onCommand' && !commands.has(id)) problems.push(`${step.id}: ${event}`);
        if (kind === 'onView' && !views.has(id)) problems.push(`${step.id}: ${event}`);
        if (kind === 'onSettingChanged' && !(id in settings)) problems.push(`${step.id}: ${event}`);
      }
      for (const [, id] of text(step.description).matchAll(/\(command:(liaison\.[\w.]+)/g)) {
        const focus = /^(.+)\.focus$/.exec(id)?.[1];
        if (!commands.has(id) && !(focus && views.has(focus))) problems.push(`${step.id}: button command:${id}`);
      }
      for (const [, query] of text(step.description).matchAll(/command:workbench\.action\.openSettings\?([^)\s]+)/g)) {
        const [setting] = JSON.parse(decodeURIComponent(query)) as string[];
        if (!Object.keys(settings).some((key) => key.startsWith(setting))) problems.push(`${step.id}: settings button ${setting}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

describe('first day: menus, settings and empty trees', () => {
  it('gives every command shown in a menu or title bar a codicon', () => {
    const shown = Object.entries(contributes.menus as Record<string, { command?: string }[]>)
      .filter(([menu]) => menu !== 'commandPalette')
      .flatMap(([, entries]) => entries.flatMap((entry) => entry.command ?? []));
    const bare = [...new Set(shown)].filter((id) => {
      const icon = (contributes.commands as Command[]).find((command) => command.command === id)?.icon;
      return typeof icon !== 'string' || !/^\$\([\w-]+(~spin)?\)$/.test(icon);
    });
    assert.deepEqual(bare, [], 'add "icon": "$(codicon-name)" to these commands');
  });

  it('describes every setting, orders it, and explains every enum value', () => {
    const problems = Object.entries(settings).flatMap(([key, setting]) => [
      ...(setting.description || setting.markdownDescription ? [] : [`${key}: no description`]),
      ...(typeof setting.order === 'number' ? [] : [`${key}: no order`]),
      ...(setting.enum && (setting.enumDescriptions ?? setting.markdownEnumDescriptions)?.length !== setting.enum.length
        ? [`${key}: enumDescriptions do not match enum`]
        : []),
    ]);
    assert.deepEqual(problems, []);
  });

  it('tells what to do next in every empty Liaison tree', () => {
    const welcomed = new Set((contributes.viewsWelcome as { view: string }[]).map((entry) => entry.view));
    assert.deepEqual(
      [...views].filter((view) => !welcomed.has(view)),
      [],
      'add a viewsWelcome entry for these views',
    );
  });

  it('offers a button to set your name when Pending is empty', () => {
    const pending = (contributes.viewsWelcome as { view: string; contents: string }[])
      .filter((entry) => entry.view === 'liaison.pending')
      .map((entry) => text(entry.contents))
      .join('\n');
    assert.match(pending, /\]\(command:workbench\.action\.openSettings\?%5B%22liaison\.user/);
    assert.match(pending, /\]\(command:liaison\.newRecord\)/);
  });
});
