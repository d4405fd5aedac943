// `liaison send FILE --store DIR`: sends a draft from a script (an ops job's "系统升级完成", a CI
// emergency) exactly as the editor's Send does: the same lint (src/domain/validate.ts, with the
// store's directory, the team templates and the team policy's time zone; heads in copy by its rules), an error refusing the
// send with its findings (exit 1, nothing written), the same record (composeRecord), written
// durably to the local store; with --server, synced until the server holds it (src/cli/syncOnce.ts,
// as `liaison sync`). Prints the record's id on stdout.
import { readFile } from 'node:fs/promises';
import { readTeamPolicy } from '../../app/teamPolicy';
import { composeRecord } from '../../domain/compose';
import { reachOf } from '../../domain/parties';
import type { Clock } from '../../domain/clock';
import { Directory } from '../../domain/directory';
import { DEFAULT_POLICY } from '../../domain/policyDefaults';
import type { Identity } from '../../domain/record';
import { recipientsOf } from '../../domain/status';
import { checkDraft } from '../../domain/validate';
import { readDirectory } from '../../store/directoryDoc';
import { LocalStore, validateSpaceName } from '../../store/localStore';
import { putRecord } from '../../store/recordsDoc';
import { checkServerUrl } from '../../sync/replica';
import { consoleLogger } from '../../util/logger';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';
import { syncFailure, syncOnce } from '../syncOnce';
import { TEAM_TEMPLATES_DIR, loadTeamTemplates } from '../teamFiles';
import { languageFlag } from './new';

const summary = 'send a draft from a script, as the editor sends it: lint, record, sync (exit 1 when the lint finds an error)';

const usage = `usage: liaison send FILE --store DIR --as NAME [--space S] [--server URL [--token T]] [--lang zh|en]
  FILE            the draft (as New Record writes it; \`liaison new <kind>\` prints one)
  --store DIR     local store folder (DIR/spaces/<name>, as the extension keeps it); created if missing
  --as NAME       who sends it (default: the LIAISON_USER environment variable); the department is the
                  directory's, else --department
  --department D  the sender's department when the directory does not name one
  --space S       the space (default: the draft's space field, else the store's only space)
  --server URL    ws://host:port (or wss://): after writing, sync until the server holds the record
  --token T       access token (default: the LIAISON_TOKEN environment variable, if set)
  --templates DIR team templates (default ${TEAM_TEMPLATES_DIR} when it exists)
  --lang zh|en    language of the findings (default: from LANG)
  --now ISO-TIME  the time deadlines are compared with and the record is stamped with (default: now)
  --timeout S     with --server: give up after S seconds (default 60)`;

function timeFlag(text: string | undefined): Clock {
  if (text === undefined) return { now: () => new Date() };
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new UsageError(`send: --now is "${text}": give an ISO time such as 2026-05-20T10:00:00+08:00`);
  return { now: () => new Date(time) };
}

function spaceOf(draftSpace: unknown, flag: string | undefined, stored: readonly string[]): string {
  const named = flag ?? (typeof draftSpace === 'string' && draftSpace.trim() !== '' ? draftSpace.trim() : undefined);
  if (named !== undefined) {
    const problem = validateSpaceName(named);
    if (problem !== undefined) throw new UsageError(`send: space "${named}": ${problem}`);
    return named;
  }
  if (stored.length === 1) return stored[0];
  throw new UsageError(
    `send: which space? the draft has no space field and the store holds ${stored.length === 0 ? 'none' : stored.join(', ')}: give --space`,
  );
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags('send', args, {
    values: ['store', 'as', 'department', 'space', 'server', 'token', 'templates', 'lang', 'now', 'timeout'],
    positionals: { min: 1, max: 1, name: 'the draft file' },
  });
  const file = flags.positionals[0];
  const storeDir = flags.values.get('store');
  if (storeDir === undefined) throw new UsageError('send: --store DIR is required');
  const name = (flags.values.get('as') ?? process.env.LIAISON_USER ?? '').trim();
  if (name === '') throw new UsageError('send: who sends it? give --as NAME (or set LIAISON_USER)');
  const server = flags.values.get('server');
  if (server !== undefined) {
    const badUrl = checkServerUrl(server);
    if (badUrl !== undefined) throw new UsageError(`send: --server: ${badUrl}`);
  }
  const timeoutText = flags.values.get('timeout') ?? '60';
  if (!/^\d+(\.\d+)?$/.test(timeoutText) || Number(timeoutText) <= 0)
    throw new UsageError(`send: --timeout must be a positive number of seconds, got "${timeoutText}"`);
  const language = languageFlag(flags.values.get('lang'));
  const clock = timeFlag(flags.values.get('now'));

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`liaison send: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 2;
  }
  const templates = await loadTeamTemplates(flags.values.get('templates') ?? TEAM_TEMPLATES_DIR);
  for (const { file: templateFile, problem } of templates.problems) {
    io.stderr.write(`${templateFile}:${problem.line + 1}:1 error template ${problem.message}\n`);
  }

  const logger = consoleLogger('liaison-send');
  const store = new LocalStore(storeDir, { logger });
  try {
    // Which space comes from the draft, so read it before opening anything.
    const peek = checkDraft(text, language, { templates: templates.set, now: clock.now() });
    const stored = await store.spaceNames();
    const spaceName = spaceOf(peek.parsed.values.space, flags.values.get('space'), stored);
    const token = flags.values.get('token') ?? process.env.LIAISON_TOKEN;
    const timeoutMs = Number(timeoutText) * 1000;
    // With a server, the directory and the policy the lint needs are the server's: fetch them
    // first. Without one, a space not in the store is not made before the draft passes.
    let space = stored.includes(spaceName) || server !== undefined ? await store.openSpace(spaceName) : undefined;
    if (space && server !== undefined) {
      try {
        await syncOnce({ space, spaceName, server, token, timeoutMs, logger });
      } catch (error) {
        io.stderr.write(`liaison send: not sent: ${syncFailure(error, spaceName)}\n`);
        return 1;
      }
    }
    const directory = space ? new Directory(readDirectory(space.doc)) : Directory.empty();
    const policy = space ? readTeamPolicy(space.doc).policy : DEFAULT_POLICY;
    const check = checkDraft(text, language, { templates: templates.set, directory, now: clock.now(), timeZone: policy.calendar.timeZone });
    const errors = check.findings.filter((finding) => finding.severity === 'error');
    for (const finding of check.findings) {
      io.stderr.write(
        `${file}:${finding.line + 1}:${(finding.range?.column ?? 0) + 1} ${finding.severity} ${finding.ruleId} ${finding.message}\n`,
      );
    }
    if (errors.length > 0 || !check.template) {
      io.stderr.write(`liaison send: not sent: ${errors.length} error(s) in ${file}; nothing was written\n`);
      return 1;
    }
    const department = directory.person(name)?.department ?? flags.values.get('department');
    const identity: Identity = department ? { name, department } : { name };
    const record = composeRecord(check.parsed, check.template, identity, spaceName, clock, { rules: policy.copy, directory }, (names) =>
      directory.reach(names).map((person) => person.name),
    );
    space ??= await store.openSpace(spaceName);
    putRecord(space.doc, record);
    await space.flush();
    if (server !== undefined) {
      try {
        const refused = await syncOnce({ space, spaceName, server, token, timeoutMs, logger });
        for (const refusal of refused) io.stderr.write(`liaison send: the server refused a change: ${refusal.reason}\n`);
      } catch (error) {
        io.stderr.write(
          `liaison send: ${record.id} is in the local store but not on the server: ${syncFailure(error, spaceName)}; run liaison sync to retry\n`,
        );
        return 1;
      }
    }
    io.stderr.write(
      `liaison send: sent "${record.title}" to ${recipientsOf(record).join(', ')} in ${spaceName}${server ? `, held by ${server}` : ''}` +
        `${reachOf(record) ? `; it reaches ${reachOf(record)?.length} people: ${reachOf(record)?.join(', ')}` : ''}\n`,
    );
    io.stdout.write(`${record.id}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export const sendCommand: Command = { name: 'send', summary, usage, run };
