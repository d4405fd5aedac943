// `liaison due --kind K [--priority P] [--at TIME] …`: when a record would be due, and by which
// rule of the response policy. For checking a team's policy file before it goes live, and for
// scripts (--json).
import type { PolicyInForce } from '../../app/policyInForce';
import type { WorkCalendar } from '../../domain/calendar';
import type { DueResult } from '../../domain/due';
import { dueFor, dueState } from '../../domain/due';
import { formatDueRelative } from '../../domain/dueText';
import type { RecordLike, Stage } from '../../domain/policy';
import { STAGES, describeTarget, matchRule } from '../../domain/policy';
import type { FieldValue } from '../../domain/record';
import { PRIORITIES } from '../../domain/record';
import { builtInTemplates } from '../../domain/templates/registry';
import type { Language } from '../../domain/templates/types';
import { LocalStore } from '../../store/localStore';
import type { Command, CommandIo, ParsedFlags } from '../command';
import { UsageError, parseFlags } from '../command';
import { chooseSpaces, openStore, storePolicyInForce } from '../records';
import { languageFlag } from './new';

const STAGE_ALIASES: Readonly<Record<string, Stage>> = { 'delivery-acceptance': 'deliveryAcceptance', 'follow-up': 'followUp' };

/** Takes every `--field key=value` (repeatable, which parseFlags is not) out of `args`. */
function takeFields(args: readonly string[]): { rest: string[]; fields: [string, string][] } {
  const rest: string[] = [];
  const fields: [string, string][] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    let pair: string | undefined;
    if (arg === '--field') {
      pair = args[index + 1];
      if (pair === undefined || pair.startsWith('--'))
        throw new UsageError('due: --field needs key=value, e.g. --field counterpartType=client');
      index++;
    } else if (arg.startsWith('--field=')) pair = arg.slice('--field='.length);
    else {
      rest.push(arg);
      continue;
    }
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (eq === -1 || !/^[A-Za-z][A-Za-z0-9_]*$/.test(key) || value === '') {
      throw new UsageError(`due: --field is "${pair}": write key=value, e.g. --field feedbackType=complaint`);
    }
    fields.push([key, value]);
  }
  return { rest, fields };
}

/** An ISO time with a zone is that instant; one without (or `YYYY-MM-DD HH:mm`) is read in the calendar's zone. */
function readTime(flag: string, text: string, calendar: WorkCalendar): Date {
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text.trim()) && /T|\s\d/.test(text);
  const instant = hasZone ? new Date(text) : calendar.zone.parseWallTime(text);
  if (instant === undefined || Number.isNaN(instant.getTime())) {
    throw new UsageError(
      `due: --${flag} is "${text}": give an ISO time such as 2026-05-20T10:00:00+08:00, or YYYY-MM-DD HH:mm in the calendar's time zone (${calendar.timeZone})`,
    );
  }
  return instant;
}

function instantLine(instant: Date, calendar: WorkCalendar): string {
  return `${calendar.format(instant)} ${calendar.timeZone} (${instant.toISOString()})`;
}

function printText(io: CommandIo, result: DueResult, calendar: WorkCalendar, language: Language, now: Date | undefined): void {
  const { rule } = result;
  const lines = [
    `due        ${instantLine(result.due, calendar)}`,
    `rule       ${rule.id}: ${rule.description[language]} (target ${rule.target}, ${rule.clock} clock, stage ${rule.stage})`,
    `from       ${instantLine(result.start, calendar)}`,
    `warn at    ${instantLine(result.warnAt, calendar)}`,
    `escalate   ${instantLine(result.escalateAt, calendar)}`,
  ];
  if (now) {
    const status = dueState(result, now);
    lines.push(`state      ${status.state}, ${formatDueRelative(status.minutesLeft, language)}`);
  }
  io.stdout.write(`${lines.join('\n')}\n`);
}

function json(result: DueResult, calendar: WorkCalendar, now: Date | undefined): object {
  return {
    due: result.due.toISOString(),
    dueLocal: calendar.format(result.due),
    timeZone: calendar.timeZone,
    start: result.start.toISOString(),
    warnAt: result.warnAt.toISOString(),
    escalateAt: result.escalateAt.toISOString(),
    rule: result.rule,
    ...(now ? { state: dueState(result, now) } : {}),
  };
}

/** The policy in force (src/app/policyInForce.ts): --policy, else --store's space's, else the workspace file, else built-in. */
async function duePolicy(flags: ParsedFlags, io: CommandIo): Promise<PolicyInForce> {
  const root = flags.values.get('store');
  if (root === undefined) {
    if (flags.values.has('space')) throw new UsageError('due: --space goes with --store DIR');
    return storePolicyInForce('due', undefined, [], { policy: flags.values.get('policy') }, io);
  }
  const spaces = await chooseSpaces('due', flags, new LocalStore(root), 'one');
  const store = await openStore('due', root, spaces, io);
  try {
    return await storePolicyInForce('due', store, spaces, { policy: flags.values.get('policy') }, io);
  } finally {
    await store.close();
  }
}

export const dueCommand: Command = {
  name: 'due',
  summary: 'when a record would be due, and by which rule of the response policy',
  usage: [
    'usage: liaison due --kind KIND [--priority P] [--at TIME] [--policy FILE] [--stage S] [--field key=value]... [--json]',
    "  prints the due time (ISO, and YYYY-MM-DD HH:mm in the calendar's time zone) and the rule that set it",
    '  --kind KIND          internal-message, internal-notice, collaboration-request, external-request, emergency,',
    '                       meeting-minutes, client-feedback, requirement-confirmation, knowledge-entry, or a team kind',
    `  --priority P         ${PRIORITIES.join(', ')}`,
    '  --at TIME            when the stage started (sent, delivered): an ISO time such as 2026-05-20T17:30:00+08:00,',
    "                       or YYYY-MM-DD HH:mm in the calendar's time zone (default: now)",
    "  --policy FILE        the team's policy (YAML or JSON; default: the team policy of --store's space, else",
    '                       .liaison/policy.yaml of the current folder, else the built-in rules and calendar); a problem',
    '                       in it or in an .ics file it names is an error',
    '  --store DIR          read the team policy stored with a space of this store (--space NAME when it holds several)',
    `  --stage S            ${STAGES.join(', ')} (default respond)`,
    '  --field key=value    a field the rules may look at, e.g. counterpartType=client, feedbackType=complaint, type=notice',
    '  --now TIME           also print the state (ok, warning, breached, escalated) at that time',
    '  --lang zh|en         language of the rule description and the state (default: from LANG)',
    '  --json               print one JSON object',
  ].join('\n'),
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const { rest, fields: fieldPairs } = takeFields(args);
    const flags = parseFlags('due', rest, {
      values: ['kind', 'priority', 'at', 'policy', 'stage', 'now', 'lang', 'store', 'space'],
      switches: ['json'],
    });
    const language = languageFlag(flags.values.get('lang'));
    const kind = flags.values.get('kind');
    if (kind === undefined) throw new UsageError('due: --kind is required, e.g. --kind internal-message');
    if (!/^[a-z][a-z0-9-]*$/.test(kind))
      throw new UsageError(`due: --kind is "${kind}": a kind is lower-case words joined by -, e.g. internal-message`);
    const priority = flags.values.get('priority');
    if (priority !== undefined && !PRIORITIES.some((candidate) => candidate === priority))
      throw new UsageError(`due: --priority is "${priority}": use ${PRIORITIES.join(', ')}`);
    const stageText = flags.values.get('stage') ?? 'respond';
    const stage = STAGE_ALIASES[stageText] ?? STAGES.find((candidate) => candidate === stageText);
    if (stage === undefined) throw new UsageError(`due: --stage is "${stageText}": use ${STAGES.join(', ')}`);
    const fields: Record<string, FieldValue> = {};
    for (const [key, value] of fieldPairs) {
      const previous = fields[key];
      fields[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    }
    if (priority !== undefined) {
      if (fields.priority !== undefined) throw new UsageError('due: give the priority once, with --priority or with --field priority=…');
      fields.priority = priority;
    }

    const loaded = await duePolicy(flags, io);
    if (loaded.errors.length > 0) {
      for (const error of loaded.errors) io.stderr.write(`liaison due: ${error}\n`);
      return 1;
    }
    const { calendar } = loaded;
    const atText = flags.values.get('at');
    const start = atText === undefined ? new Date() : readTime('at', atText, calendar);
    const nowText = flags.values.get('now');
    const now = nowText === undefined ? undefined : readTime('now', nowText, calendar);
    if (!builtInTemplates.some((template) => template.kind === kind)) {
      io.stderr.write(`liaison due: "${kind}" is not a built-in kind; rules for any kind apply unless the policy names it\n`);
    }

    const record: RecordLike = { kind, fields };
    const result = dueFor(loaded.policy, calendar, record, stage, start);
    if (!result) {
      const rule = matchRule(loaded.policy, record, stage);
      const reason = rule
        ? `rule ${rule.id}: ${rule.description[language]} (target ${describeTarget(rule)})`
        : `no rule of the policy matches kind ${kind} at stage ${stage}`;
      if (flags.switches.has('json'))
        io.stdout.write(
          `${JSON.stringify({ due: null, rule: rule ? { id: rule.id, description: rule.description, stage: rule.stage, target: 'none', clock: rule.clock } : null, reason }, null, 2)}\n`,
        );
      else io.stdout.write(`no due: ${reason}\n`);
      return 0;
    }
    if (flags.switches.has('json')) io.stdout.write(`${JSON.stringify(json(result, calendar, now), null, 2)}\n`);
    else printText(io, result, calendar, language, now);
    return 0;
  },
};
