// `liaison lint <file...>`: checks drafts (and team templates) the way the editor does and prints
// `file:line:col severity rule-id message` per finding; exit 1 when any error was found, so it
// works as a pre-commit hook. Files under `.liaison/templates/` are checked as templates.
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { parseTeamTemplate } from '../../domain/templates/teamTemplates';
import { RULE_DOCS } from '../../domain/lint/ruleDocs';
import { checkDraft } from '../../domain/validate';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';
import { TEAM_TEMPLATES_DIR, loadDirectoryCsv, loadTeamTemplates } from '../teamFiles';
import { languageFlag } from './new';

/** The language a draft is written in: Chinese when its text has more Han characters than Latin letters; undefined when it has neither. */
function writtenIn(text: string): 'zh' | 'en' | undefined {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.replace(/^---[\s\S]*?\n---/, '').match(/[A-Za-z]/g) ?? []).length;
  if (han === 0 && latin === 0) return undefined;
  return han * 2 >= latin ? 'zh' : 'en';
}

interface Printed {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  ruleId: string;
  message: string;
}

function isTemplateFile(file: string): boolean {
  return file.split(/[\\/]/).join(sep).includes(TEAM_TEMPLATES_DIR);
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check drafts against their templates and the writing rules (exit 1 on errors)',
  usage: [
    'usage: liaison lint <file...> [--lang zh|en] [--directory FILE.csv] [--templates DIR] [--json] [--rules]',
    '  prints file:line:col severity rule-id message for each finding; exits 1 when any is an error',
    "  --lang zh|en          language of the messages (default: the draft's own, else from LANG)",
    '  --directory FILE.csv  recipients must be people or departments in this directory',
    `  --templates DIR       team templates (default ${TEAM_TEMPLATES_DIR} when it exists)`,
    '  --now ISO-TIME        the time deadlines are compared with (default: now)',
    '  --json                print the findings as a JSON array',
    '  --rules               list the rules and exit',
  ].join('\n'),
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const flags = parseFlags('lint', args, {
      values: ['lang', 'directory', 'templates', 'now'],
      switches: ['json', 'rules'],
      positionals: { min: 0, max: 10_000, name: 'one or more draft files' },
    });
    const given = flags.values.get('lang');
    const language = languageFlag(given);
    if (flags.switches.has('rules')) {
      for (const rule of RULE_DOCS) io.stdout.write(`${rule.id.padEnd(18)} ${rule.severity.padEnd(7)} ${rule.summary[language]}\n`);
      return 0;
    }
    if (flags.positionals.length === 0) throw new UsageError('lint: give one or more draft files');
    const nowText = flags.values.get('now');
    const now = nowText === undefined ? new Date() : new Date(nowText);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now is "${nowText}": give an ISO time such as 2026-05-20T10:00:00+08:00`);
    const printed: Printed[] = [];
    const templates = await loadTeamTemplates(flags.values.get('templates') ?? TEAM_TEMPLATES_DIR);
    const directoryFile = flags.values.get('directory');
    let directory;
    try {
      const loaded = await loadDirectoryCsv(directoryFile);
      directory = loaded.directory;
      for (const problem of loaded.problems)
        printed.push({
          file: directoryFile ?? '',
          line: problem.line,
          column: 1,
          severity: 'warning',
          ruleId: 'directory-csv',
          message: problem.message,
        });
    } catch (error) {
      io.stderr.write(`liaison lint: cannot read the directory ${directoryFile}: ${(error as Error).message}\n`);
      return 2;
    }
    // A broken team template would otherwise vanish silently (its drafts then read "unknown kind"):
    // report it like `liaison lint <template>` does, unless that file is linted explicitly below.
    const named = new Set(flags.positionals.map((file) => resolve(file)));
    for (const { file, problem } of templates.problems) {
      if (!named.has(resolve(file)))
        printed.push({ file, line: problem.line + 1, column: 1, severity: 'error', ruleId: 'template', message: problem.message });
    }
    let unreadable = false;
    for (const file of flags.positionals) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        io.stderr.write(`liaison lint: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
        unreadable = true;
        continue;
      }
      if (isTemplateFile(file)) {
        for (const problem of parseTeamTemplate(text, file).problems)
          printed.push({ file, line: problem.line + 1, column: 1, severity: 'error', ruleId: 'template', message: problem.message });
        continue;
      }
      // Without --lang, a draft written in Chinese is answered in Chinese (and one in English in English).
      const draftLanguage = given === undefined ? (writtenIn(text) ?? language) : language;
      const check = checkDraft(text, draftLanguage, { templates: templates.set, directory, now });
      for (const finding of check.findings) {
        printed.push({
          file,
          line: finding.line + 1,
          column: (finding.range?.column ?? 0) + 1,
          severity: finding.severity,
          ruleId: finding.ruleId,
          message: finding.message,
        });
      }
    }
    if (flags.switches.has('json')) io.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
    else
      for (const item of printed)
        io.stdout.write(`${item.file}:${item.line}:${item.column} ${item.severity} ${item.ruleId} ${item.message}\n`);
    const errors = printed.filter((item) => item.severity === 'error').length;
    if (!flags.switches.has('json')) {
      const warnings = printed.length - errors;
      io.stderr.write(`${errors} error(s), ${warnings} warning(s) in ${flags.positionals.length} file(s)\n`);
    }
    return errors > 0 || unreadable ? 1 : 0;
  },
};
