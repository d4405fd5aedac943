// Which policy is in force, one rule for the editor, the command line (report, due, purge) and
// the server's clock:
//   1. a file the caller names (`--policy FILE`, `--retention FILE`: trying one out);
//   2. else the space's team policy (src/app/teamPolicy.ts), once it has a version;
//   3. else the workspace's `.liaison/policy.yaml` / `retention.yaml` (src/app/policyFiles.ts),
//      only until they are imported into the space (then 2 holds and the files are ignored);
//   4. else the built-in rules.
// The space holding the team policy among several is, in this order: the one asked for (the
// directory space setting or flag), else the first space whose document holds a version, else the
// default space (where Edit Team Policy writes the first one).
import type * as Y from 'yjs';
import { WorkCalendar } from '../domain/calendar';
import type { ResponsePolicy } from '../domain/policy';
import { DEFAULT_POLICY } from '../domain/policyDefaults';
import type { RetentionPolicy } from '../domain/retention';
import { DEFAULT_RETENTION } from '../domain/retention';
import type { PolicyFileReader } from './policyFiles';
import { loadPolicyFiles, loadRetentionFiles } from './policyFiles';
import type { TeamPolicyVersion } from './teamPolicy';
import { readTeamPolicy, teamPolicyArray } from './teamPolicy';

export interface PolicyInForce {
  readonly policy: ResponsePolicy;
  readonly calendar: WorkCalendar;
  /** Undefined when the retention file in force has a problem (nothing may be purged). */
  readonly retention?: RetentionPolicy;
  /** Where the response policy came from: `space S (version V by B)`, a file, or `built-in rules`. */
  readonly source: string;
  readonly retentionSource: string;
  /** The space's version in force, when the space's policy is used. */
  readonly version?: TeamPolicyVersion;
  /** Why a file's response policy is not used (the built-in one is); empty when it is. */
  readonly errors: readonly string[];
  readonly retentionErrors: readonly string[];
  readonly warnings: readonly string[];
}

/** The source named when nothing else applies (the front ends translate it). */
export const BUILT_IN = 'built-in rules';

/** The built-in rules, when there is nothing else (and before anything was read). */
export function builtInPolicyInForce(): PolicyInForce {
  return {
    policy: DEFAULT_POLICY,
    calendar: new WorkCalendar(DEFAULT_POLICY.calendar),
    retention: DEFAULT_RETENTION,
    source: BUILT_IN,
    retentionSource: BUILT_IN,
    errors: [],
    retentionErrors: [],
    warnings: [],
  };
}

/** The space whose team policy applies to `spaces` (see the top of this file). */
export function policySpaceOf(
  spaces: readonly string[],
  docOf: (space: string) => Y.Doc | undefined,
  choice: { policySpace?: string; defaultSpace?: string } = {},
): string | undefined {
  if (choice.policySpace && spaces.includes(choice.policySpace)) return choice.policySpace;
  const holding = spaces.find((space) => {
    const doc = docOf(space);
    return doc !== undefined && teamPolicyArray(doc).length > 0;
  });
  if (holding !== undefined) return holding;
  return choice.defaultSpace && spaces.includes(choice.defaultSpace) ? choice.defaultSpace : spaces[0];
}

export function describeVersion(space: string, version: TeamPolicyVersion): string {
  return `space ${space} (version ${version.id}, set by ${version.by} at ${version.at})`;
}

/** The policy in force for a space (its document, if open) and a workspace folder (see the top of this file). */
export async function loadPolicyInForce(input: {
  space?: { name: string; doc: Y.Doc };
  folder?: string;
  io: PolicyFileReader;
  file?: string;
  retentionFile?: string;
}): Promise<PolicyInForce> {
  const team = input.space ? readTeamPolicy(input.space.doc) : undefined;
  const warnings = [...(team?.warnings ?? [])];
  if (team && input.space)
    for (const skipped of team.skipped)
      warnings.push(`space ${input.space.name}: policy version ${skipped.id} is skipped: ${skipped.errors.join('; ')}`);
  const fromSpace = team?.version !== undefined && input.space !== undefined;
  const spaceSource = fromSpace && input.space && team?.version ? describeVersion(input.space.name, team.version) : '';
  let response: Pick<PolicyInForce, 'policy' | 'calendar' | 'source' | 'errors'>;
  if (input.file === undefined && fromSpace && team) {
    response = { policy: team.policy, calendar: team.calendar, source: spaceSource, errors: [] };
  } else if (input.folder === undefined && input.file === undefined) {
    response = { policy: DEFAULT_POLICY, calendar: new WorkCalendar(DEFAULT_POLICY.calendar), source: BUILT_IN, errors: [] };
  } else {
    const loaded = await loadPolicyFiles(input.folder ?? '.', input.io, { file: input.file });
    warnings.push(...loaded.warnings);
    response = { policy: loaded.policy, calendar: loaded.calendar, source: loaded.file ?? BUILT_IN, errors: loaded.errors };
  }
  let retention: Pick<PolicyInForce, 'retention' | 'retentionSource' | 'retentionErrors'>;
  if (input.retentionFile === undefined && fromSpace && team) {
    retention = { retention: team.retention, retentionSource: spaceSource, retentionErrors: [] };
  } else if (input.folder === undefined && input.retentionFile === undefined) {
    retention = { retention: DEFAULT_RETENTION, retentionSource: BUILT_IN, retentionErrors: [] };
  } else {
    const loaded = await loadRetentionFiles(input.folder ?? '.', input.io, { file: input.retentionFile });
    retention = { retention: loaded.policy, retentionSource: loaded.file ?? BUILT_IN, retentionErrors: loaded.errors };
  }
  return { ...response, ...retention, version: fromSpace ? team?.version : undefined, warnings };
}
