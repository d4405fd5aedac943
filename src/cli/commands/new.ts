// `liaison new <kind> [--lang zh|en]`: prints a new draft of a template, to fill in and lint.
import { renderDraft } from '../../domain/draft';
import { suggestedDeadline } from '../../domain/lint/dates';
import { matchKind } from '../../domain/templates/kindMatch';
import type { Language } from '../../domain/templates/types';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';
import { TEAM_TEMPLATES_DIR, loadTeamTemplates } from '../teamFiles';

export function languageFlag(value: string | undefined): Language {
  if (value === undefined) return (process.env.LANG ?? '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  if (value !== 'zh' && value !== 'en') throw new UsageError(`--lang is "${value}": use zh or en`);
  return value;
}

export const newCommand: Command = {
  name: 'new',
  summary: 'print a new draft from a template: liaison new <kind> [--lang zh|en]',
  usage: [
    'usage: liaison new <kind> [--lang zh|en] [--name NAME] [--space SPACE] [--templates DIR]',
    '  <kind>           internal-message, internal-notice, collaboration-request, external-request, emergency,',
    '                   meeting-minutes, client-feedback, requirement-confirmation, knowledge-entry, or a team kind',
    '  --lang zh|en     the language of labels and help (default: from LANG)',
    '  --name NAME      pre-fill the sender',
    '  --space SPACE    pre-fill the space (default internal)',
    `  --templates DIR  team templates (default ${TEAM_TEMPLATES_DIR} when it exists)`,
  ].join('\n'),
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const flags = parseFlags('new', args, {
      values: ['lang', 'name', 'space', 'templates'],
      positionals: { min: 1, max: 1, name: 'one kind, e.g. liaison new internal-message' },
    });
    const language = languageFlag(flags.values.get('lang'));
    const { set, problems } = await loadTeamTemplates(flags.values.get('templates') ?? TEAM_TEMPLATES_DIR);
    for (const { file, problem } of problems) io.stderr.write(`${file}:${problem.line + 1}: ${problem.message}\n`);
    const kind = flags.positionals[0];
    // A kind, or a template's name in either language, or a part only one of them has.
    const match = matchKind(set.templates, kind);
    if (!('template' in match)) {
      const named = (template: (typeof set.templates)[number]): string => `${template.kind} (${template.label[language]})`;
      const hint = match.suggestions.length > 0 ? `did you mean ${match.suggestions.map(named).join(', or ')}? ` : '';
      throw new UsageError(`new: unknown kind "${kind}"; ${hint}kinds are ${set.kinds.join(', ')}`);
    }
    const template = match.template;
    io.stdout.write(
      renderDraft(template, language, {
        identity: { name: flags.values.get('name') ?? '' },
        space: flags.values.get('space') ?? 'internal',
        deadline: suggestedDeadline(new Date()),
      }),
    );
    return 0;
  },
};
