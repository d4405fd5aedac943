// The workspace's policy files, read the same way by the editor and the command line:
// `.liaison/policy.{yaml,yml,json}` (response times and the working calendar, with the `.ics` files
// its `calendar.ics` names, relative to it) and `.liaison/retention.{yaml,yml,json}` (retention).
// The caller gives the folder and a way to read a file (the editor: the workspace file system; the
// command line: node:fs), so this runs anywhere and does no other I/O.
//
// One behaviour: a policy file that cannot be read, has a problem, or names an `.ics` file that
// cannot be read or parsed is not used at all: the result carries the built-in policy, `errors`
// naming each problem (file and line), and the front end says so (`liaison` exits 1; the editor
// shows the first error and keeps the policy it had). Only what a file says but cannot be applied
// (an RRULE in an `.ics`) is a warning: the policy is used and the warning shown.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { WorkCalendar } from '../domain/calendar';
import type { ResponsePolicy } from '../domain/policy';
import type { IcsFile } from '../domain/policyCalendar';
import { policyCalendar } from '../domain/policyCalendar';
import { DEFAULT_POLICY } from '../domain/policyDefaults';
import { parsePolicy } from '../domain/policyFile';
import { formatPolicyProblem } from '../domain/policyReader';
import type { RetentionPolicy } from '../domain/retention';
import { DEFAULT_RETENTION, parseRetentionFile } from '../domain/retention';

/** Reads a file by absolute path; rejects when it cannot (a missing file's error has `code` ENOENT or FileNotFound). */
export interface PolicyFileReader {
  readFile(path: string): Promise<string>;
}

export const POLICY_FILES = ['.liaison/policy.yaml', '.liaison/policy.yml', '.liaison/policy.json'] as const;
export const RETENTION_FILES = ['.liaison/retention.yaml', '.liaison/retention.yml', '.liaison/retention.json'] as const;

export interface LoadedPolicy {
  /** The file's policy, or the built-in one when there is no file or it has an error. */
  policy: ResponsePolicy;
  calendar: WorkCalendar;
  /** The file read (as given, or relative to the folder), or undefined when there was none. */
  file?: string;
  /** Why the file's policy is not used; empty when it is (or when there is no file). */
  errors: string[];
  /** What the file says but is not applied (the policy is used). */
  warnings: string[];
}

export interface LoadedRetention {
  /** The file's policy, else the built-in rules; undefined when the file has an error (nothing may be purged). */
  policy?: RetentionPolicy;
  file?: string;
  errors: string[];
}

function reason(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.message : String(error));
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'ENOENT' || code === 'FileNotFound' || code === 'EntryNotFound';
}

/** The text of the policy file: `file` when given (a missing one is an error), else the first of `candidates` in `folder`. */
async function findFile(
  folder: string,
  io: PolicyFileReader,
  candidates: readonly string[],
  file: string | undefined,
  what: string,
): Promise<{ file?: string; text?: string; error?: string }> {
  if (file !== undefined) {
    try {
      return { file, text: await io.readFile(resolve(folder, file)) };
    } catch (error) {
      return { file, error: `cannot read the ${what} ${file}: ${reason(error)}` };
    }
  }
  for (const candidate of candidates) {
    try {
      return { file: candidate, text: await io.readFile(join(folder, candidate)) };
    } catch (error) {
      if (!isMissing(error)) return { file: candidate, error: `cannot read the ${what} ${candidate}: ${reason(error)}` };
    }
  }
  return {};
}

const builtIn = (): Pick<LoadedPolicy, 'policy' | 'calendar'> => ({
  policy: DEFAULT_POLICY,
  calendar: new WorkCalendar(DEFAULT_POLICY.calendar),
});

/**
 * The response policy of `folder` (`.liaison/policy.*`, or `options.file`, relative to the folder
 * or absolute) with its working calendar; see the top of this file for what an error does.
 */
export async function loadPolicyFiles(folder: string, io: PolicyFileReader, options: { file?: string } = {}): Promise<LoadedPolicy> {
  const found = await findFile(folder, io, POLICY_FILES, options.file, 'policy');
  if (found.file === undefined) return { ...builtIn(), errors: [], warnings: [] };
  const file = found.file;
  if (found.text === undefined) return { ...builtIn(), file, errors: [found.error ?? `cannot read the policy ${file}`], warnings: [] };
  const result = parsePolicy(found.text);
  if (!result.policy) {
    const errors = result.problems.map((problem) => formatPolicyProblem(problem, file));
    return { ...builtIn(), file, errors: [...errors, `${result.problems.length} problem(s) in ${file}`], warnings: [] };
  }
  const icsFiles: IcsFile[] = [];
  const base = dirname(resolve(folder, file));
  for (const path of result.policy.calendarIcs) {
    try {
      icsFiles.push({ path, text: await io.readFile(isAbsolute(path) ? path : join(base, path)) });
    } catch (error) {
      return { ...builtIn(), file, errors: [`cannot read ${path}, named by calendar.ics of ${file}: ${reason(error)}`], warnings: [] };
    }
  }
  try {
    const { calendar, warnings } = policyCalendar(result.policy, icsFiles);
    return { policy: result.policy, calendar, file, errors: [], warnings };
  } catch (error) {
    return { ...builtIn(), file, errors: [error instanceof Error ? error.message : String(error)], warnings: [] };
  }
}

/** The retention policy of `folder` (`.liaison/retention.*`, or `options.file`); see LoadedRetention. */
export async function loadRetentionFiles(folder: string, io: PolicyFileReader, options: { file?: string } = {}): Promise<LoadedRetention> {
  const found = await findFile(folder, io, RETENTION_FILES, options.file, 'retention policy');
  if (found.file === undefined) return { policy: DEFAULT_RETENTION, errors: [] };
  const file = found.file;
  if (found.text === undefined) return { file, errors: [found.error ?? `cannot read the retention policy ${file}`] };
  const result = parseRetentionFile(found.text);
  if (!result.policy) return { file, errors: result.problems.map((problem) => formatPolicyProblem(problem, file)) };
  return { policy: result.policy, file, errors: [] };
}

/** The texts of a folder's policy files as they are stored with a space (src/app/teamPolicy.ts), for importing them. */
export interface PolicyTexts {
  /** '' when there is no policy file. */
  policy: string;
  retention: string;
  ics: IcsFile[];
  /** The files read (relative to the folder). */
  files: string[];
  /** What could not be read; the texts are not to be stored when there is any. */
  errors: string[];
}

/**
 * Reads `.liaison/policy.*` (with the `.ics` files its calendar.ics names, relative to it) and
 * `.liaison/retention.*` of `folder` as texts, or the files given (`file`, `retentionFile`; with
 * `search: false` a part without one is not looked for and stays '').
 */
export async function readPolicyTexts(
  folder: string,
  io: PolicyFileReader,
  options: { file?: string; retentionFile?: string; search?: boolean } = {},
): Promise<PolicyTexts> {
  const texts: PolicyTexts = { policy: '', retention: '', ics: [], files: [], errors: [] };
  const search = options.search ?? true;
  const policy = await findFile(folder, io, search ? POLICY_FILES : [], options.file, 'policy');
  const retention = await findFile(folder, io, search ? RETENTION_FILES : [], options.retentionFile, 'retention policy');
  for (const found of [policy, retention]) {
    if (found.error !== undefined) texts.errors.push(found.error);
    else if (found.file !== undefined) texts.files.push(found.file);
  }
  texts.policy = policy.text ?? '';
  texts.retention = retention.text ?? '';
  if (policy.file !== undefined && policy.text !== undefined) {
    const base = dirname(resolve(folder, policy.file));
    for (const path of parsePolicy(policy.text).policy?.calendarIcs ?? []) {
      try {
        texts.ics.push({ path, text: await io.readFile(isAbsolute(path) ? path : join(base, path)) });
      } catch (error) {
        texts.errors.push(`cannot read ${path}, named by calendar.ics of ${policy.file}: ${reason(error)}`);
      }
    }
  }
  return texts;
}
