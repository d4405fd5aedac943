// What the command line reads besides drafts: a workspace's team templates and a directory CSV.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Directory } from '../domain/directory';
import { parseDirectoryCsv } from '../domain/directoryCsv';
import { TemplateSet } from '../domain/templates/registry';
import { parseTeamTemplate } from '../domain/templates/teamTemplates';
import type { TemplateProblem } from '../domain/templates/teamTemplates';
import type { TemplateSpec } from '../domain/templates/types';

export const TEAM_TEMPLATES_DIR = join('.liaison', 'templates');

export interface LoadedTemplates {
  set: TemplateSet;
  problems: { file: string; problem: TemplateProblem }[];
}

/** Reads every `*.md` in `dir` as a team template; missing folder = built-ins only. */
export async function loadTeamTemplates(dir: string | undefined): Promise<LoadedTemplates> {
  if (!dir || !existsSync(dir)) return { set: TemplateSet.withTeam([]), problems: [] };
  const team: TemplateSpec[] = [];
  const problems: LoadedTemplates['problems'] = [];
  for (const name of (await readdir(dir)).filter((entry) => entry.endsWith('.md')).sort()) {
    const file = join(dir, name);
    const result = parseTeamTemplate(await readFile(file, 'utf8'), file);
    if (result.template) team.push(result.template);
    for (const problem of result.problems) problems.push({ file, problem });
  }
  return { set: TemplateSet.withTeam(team), problems };
}

/** Reads a directory CSV; its problems are returned, the good rows kept. */
export async function loadDirectoryCsv(
  file: string | undefined,
): Promise<{ directory: Directory; problems: { line: number; message: string }[] }> {
  if (!file) return { directory: Directory.empty(), problems: [] };
  const result = parseDirectoryCsv(await readFile(file, 'utf8'));
  return { directory: new Directory(result.data), problems: result.problems };
}
