// Reads the settings; the keys live in ./settingKeys.
import * as vscode from 'vscode';
import type { Identity } from '../domain/record';
import type { Language } from '../domain/templates/types';
import { DEFAULT_ENGINE } from '../search/engines';
import type { EngineName } from '../search/engines';
import { validateConfiguredSpaceName } from '../store/shelves';
import { SETTINGS } from './settingKeys';
import type { SettingKey } from './settingKeys';
import { l10n } from './shared/l10n';

function get<T>(key: SettingKey, fallback: T): T {
  const [section, ...rest] = key.split('.');
  return vscode.workspace.getConfiguration(section).get<T>(rest.join('.'), fallback);
}

export function readIdentity(): Identity | undefined {
  const name = get(SETTINGS.userName, '').trim();
  if (!name) return undefined;
  const department = get(SETTINGS.userDepartment, '').trim();
  return department ? { name, department } : { name };
}

export function readSpaces(): string[] {
  const spaces = get<unknown>(SETTINGS.spaces, ['internal']);
  const list = Array.isArray(spaces) ? spaces.filter((space): space is string => typeof space === 'string' && space.trim() !== '') : [];
  const valid = [...new Set(list.map((space) => space.trim()))].filter((space) => {
    const problem = validateConfiguredSpaceName(space);
    // One bad name must not keep every other space from opening: skip it and say why.
    if (problem)
      void vscode.window.showWarningMessage(l10n.t('The space "{0}" in the setting {1} was skipped: {2}', space, SETTINGS.spaces, problem));
    return !problem;
  });
  return valid.length > 0 ? valid : ['internal'];
}

export function readDefaultSpace(spaces: readonly string[]): string {
  const configured = get(SETTINGS.defaultSpace, '').trim();
  return configured && spaces.includes(configured) ? configured : spaces[0];
}

export function readServerUrl(): string {
  return get(SETTINGS.serverUrl, '').trim();
}

export function readSettingToken(): string {
  return get(SETTINGS.serverToken, '').trim();
}

export function readStorePath(): string {
  return get(SETTINGS.storePath, '').trim();
}

/** The language of templates and messages: the setting, else VS Code's display language. */
export function readLanguage(): Language {
  const configured = get<string>(SETTINGS.language, 'auto');
  if (configured === 'zh' || configured === 'en') return configured;
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The space holding the directory; empty = the default space. */
export function readDirectorySpace(): string {
  return get(SETTINGS.directorySpace, '').trim();
}

/** The search engine of the indexes: `compact` (default) or `lunr` (see src/search/README.md). */
export function readSearchEngine(): EngineName {
  return get<string>(SETTINGS.searchEngine, DEFAULT_ENGINE) === 'lunr' ? 'lunr' : 'compact';
}

/** Days after closing before a record moves to its archive shelf; undefined when the setting is not a number ≥ 0. */
export function readShelveAfterDays(): number | undefined {
  const value = get<unknown>(SETTINGS.shelveAfterDays, 7);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
