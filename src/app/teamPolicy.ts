// The team's policy, stored with the space so every member (and the server's clock) runs the same
// rules: the top-level `Y.Array` `teamPolicy` of versions, each the whole policy as its YAML text
// (`policy`: what `.liaison/policy.yaml` holds; `retention`: what `.liaison/retention.yaml` holds;
// `ics`: the text of each `.ics` file `calendar.ics` names, by that name). The last version is in
// force; the earlier ones are its history. A version is appended only once it parses, so the one in
// force always does; should an older client have appended a bad one anyway, readers skip it and fall
// back to the version before, reporting it. Only the space's admins may append (the server refuses
// anyone else's change to `teamPolicy`).
//
// A space with no version yet runs the built-in policy, exactly as a workspace without policy files.
import * as Y from 'yjs';
import { WorkCalendar } from '../domain/calendar';
import type { ResponsePolicy } from '../domain/policy';
import type { IcsFile } from '../domain/policyCalendar';
import { policyCalendar } from '../domain/policyCalendar';
import { DEFAULT_POLICY } from '../domain/policyDefaults';
import { parsePolicy } from '../domain/policyFile';
import { formatPolicyProblem } from '../domain/policyReader';
import type { RetentionPolicy } from '../domain/retention';
import { DEFAULT_RETENTION, parseRetentionFile } from '../domain/retention';

export const TEAM_POLICY_KEY = 'teamPolicy';

export interface TeamPolicyVersion {
  readonly id: string;
  /** ISO time it was set. */
  readonly at: string;
  /** The admin who set it. */
  readonly by: string;
  /** The response-time policy's YAML ('' = the built-in policy). */
  readonly policy: string;
  /** The retention policy's YAML ('' = the built-in rules). */
  readonly retention: string;
  /** The `.ics` files the policy's `calendar.ics` names. */
  readonly ics: readonly IcsFile[];
}

export interface TeamPolicy {
  /** The version in force; undefined when the space has none (built-in rules). */
  readonly version?: TeamPolicyVersion;
  readonly policy: ResponsePolicy;
  readonly calendar: WorkCalendar;
  readonly retention: RetentionPolicy;
  /** Versions skipped because they do not parse (newest first), each with its problems. */
  readonly skipped: readonly { id: string; errors: string[] }[];
  readonly warnings: readonly string[];
}

export interface TeamPolicyProblem {
  readonly part: 'policy' | 'retention';
  readonly line?: number;
  readonly field: string;
  readonly message: string;
}

export interface CheckedTeamPolicy {
  readonly policy?: ResponsePolicy;
  readonly calendar?: WorkCalendar;
  readonly retention?: RetentionPolicy;
  /** Each problem as `policy.yaml:LINE: path: message` (or retention.yaml); empty when both parse. */
  readonly errors: string[];
  /** The same problems by part, line (1-based; undefined when it is not one line's) and field, for an editor's diagnostics. */
  readonly problems: TeamPolicyProblem[];
  readonly warnings: string[];
}

export function teamPolicyArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray(TEAM_POLICY_KEY);
}

function stringField(value: Record<string, unknown>, key: string): string | undefined {
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}

function versionOf(entry: unknown): TeamPolicyVersion | undefined {
  const value = entry instanceof Y.Map ? (entry.toJSON() as Record<string, unknown>) : entry;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const id = stringField(record, 'id');
  const at = stringField(record, 'at');
  const by = stringField(record, 'by');
  if (!id || !at || by === undefined) return undefined;
  const ics = Array.isArray(record.ics)
    ? record.ics.filter(
        (file): file is IcsFile =>
          typeof file === 'object' &&
          file !== null &&
          typeof (file as IcsFile).path === 'string' &&
          typeof (file as IcsFile).text === 'string',
      )
    : [];
  return { id, at, by, policy: stringField(record, 'policy') ?? '', retention: stringField(record, 'retention') ?? '', ics };
}

/** Every well-formed version, oldest first (as appended). */
export function teamPolicyVersions(doc: Y.Doc): TeamPolicyVersion[] {
  const versions: TeamPolicyVersion[] = [];
  for (const entry of teamPolicyArray(doc).toArray()) {
    const version = versionOf(entry);
    if (version) versions.push(version);
  }
  return versions;
}

/**
 * Parses a policy's two texts (and its `.ics` files) as the files would be: errors name the file
 * (`names`: what to call each text, default policy.yaml and retention.yaml), line, field and fix.
 */
export function checkTeamPolicy(
  texts: { policy: string; retention: string; ics?: readonly IcsFile[] },
  names: { policy?: string; retention?: string } = {},
): CheckedTeamPolicy {
  const policyName = names.policy ?? 'policy.yaml';
  const retentionName = names.retention ?? 'retention.yaml';
  const errors: string[] = [];
  const problems: TeamPolicyProblem[] = [];
  let policy: ResponsePolicy | undefined = DEFAULT_POLICY;
  let calendar: WorkCalendar | undefined;
  const warnings: string[] = [];
  if (texts.policy.trim() !== '') {
    const result = parsePolicy(texts.policy);
    policy = result.policy;
    for (const problem of result.problems) {
      errors.push(formatPolicyProblem(problem, policyName));
      problems.push({ part: 'policy', line: problem.line, field: problem.path, message: problem.message });
    }
  }
  if (policy) {
    const known = new Map((texts.ics ?? []).map((file) => [file.path, file]));
    const missing = policy.calendarIcs.filter((path) => !known.has(path));
    if (missing.length > 0) {
      const message = `${missing.join(', ')} is not stored with the policy; give its text, or remove it from calendar.ics`;
      errors.push(`${policyName}: calendar.ics: ${message}`);
      problems.push({ part: 'policy', field: 'calendar.ics', message });
    } else {
      try {
        const result = policyCalendar(
          policy,
          policy.calendarIcs.map((path) => known.get(path) as IcsFile),
        );
        calendar = result.calendar;
        warnings.push(...result.warnings);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        errors.push(`${policyName}: calendar: ${message}`);
        problems.push({ part: 'policy', field: 'calendar', message });
      }
    }
  }
  let retention: RetentionPolicy | undefined = DEFAULT_RETENTION;
  if (texts.retention.trim() !== '') {
    const result = parseRetentionFile(texts.retention);
    retention = result.policy;
    for (const problem of result.problems) {
      errors.push(formatPolicyProblem(problem, retentionName));
      problems.push({ part: 'retention', line: problem.line, field: problem.path, message: problem.message });
    }
  }
  if (errors.length > 0) return { errors, problems, warnings };
  return { policy, calendar, retention, errors, problems, warnings };
}

/** The policy in force in the space: its last version that parses, else the built-in policy. */
export function readTeamPolicy(doc: Y.Doc): TeamPolicy {
  const versions = teamPolicyVersions(doc);
  const skipped: { id: string; errors: string[] }[] = [];
  for (let index = versions.length - 1; index >= 0; index--) {
    const version = versions[index];
    const checked = checkTeamPolicy(version);
    if (checked.policy && checked.calendar && checked.retention) {
      return {
        version,
        policy: checked.policy,
        calendar: checked.calendar,
        retention: checked.retention,
        skipped,
        warnings: checked.warnings,
      };
    }
    skipped.push({ id: version.id, errors: checked.errors });
  }
  return {
    policy: DEFAULT_POLICY,
    calendar: new WorkCalendar(DEFAULT_POLICY.calendar),
    retention: DEFAULT_RETENTION,
    skipped,
    warnings: [],
  };
}

export class TeamPolicyError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(errors.join('\n'));
    this.name = 'TeamPolicyError';
  }
}

/**
 * Appends a version after checking it (a policy with a problem is refused with a TeamPolicyError
 * listing each problem; nothing is written). Returns the version appended. Who may call it (an
 * admin) is the caller's and the server's business.
 */
export function appendTeamPolicyVersion(
  doc: Y.Doc,
  input: { by: string; at: Date; policy: string; retention: string; ics?: readonly IcsFile[]; id?: string },
): TeamPolicyVersion {
  const checked = checkTeamPolicy(input);
  if (checked.errors.length > 0) throw new TeamPolicyError(checked.errors);
  const version: TeamPolicyVersion = {
    id: input.id ?? `tp-${input.at.getTime().toString(36)}-${doc.clientID.toString(36)}`,
    at: input.at.toISOString(),
    by: input.by,
    policy: input.policy,
    retention: input.retention,
    ics: (input.ics ?? []).map((file) => ({ path: file.path, text: file.text })),
  };
  doc.transact(() => teamPolicyArray(doc).push([{ ...version, ics: [...version.ics] }]));
  return version;
}
