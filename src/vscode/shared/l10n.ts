// The one translator of the VS Code layer. Every string Liaison shows follows `liaison.language`
// (else VS Code's display language), like the records, the lint and the report, so a team whose
// editors speak English can still work in Chinese. `vscode.l10n.t` follows only the display
// language, so it is not used (ESLint refuses it); the translations stay in
// l10n/bundle.l10n.zh-cn.json, keyed by the English, read once at activation.
// What VS Code itself draws from package.json (command titles in the palette, settings, the
// walkthrough, the view container's name) can only follow the display language (package.nls*.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../../domain/templates/types';
import { readLanguage } from '../settings';

let chinese: Readonly<Record<string, string>> = {};

/** Reads the Chinese bundle shipped with the extension; called once by activate(). */
export function loadTranslations(extensionPath: string): void {
  try {
    chinese = JSON.parse(readFileSync(join(extensionPath, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  } catch {
    chinese = {};
  }
}

type Arg = string | number | boolean;

function format(message: string, args: readonly Arg[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}

/** `message` (English, with {0} placeholders) in `language`. */
export function translate(language: Language, message: string, ...args: Arg[]): string {
  return format(language === 'zh' ? (chinese[message] ?? message) : message, args);
}

/** Called as `l10n.t('Sent {0}', title)`, the shape the string extraction (test/unit/vscode/l10n.test.ts) reads. */
export const l10n = {
  t(message: string, ...args: Arg[]): string {
    return translate(readLanguage(), message, ...args);
  },
};
