// What the lint feature gives the send feature: a check of a draft with the diagnostics it shows.
import type * as vscode from 'vscode';
import type { DraftCheck } from '../../domain/validate';

export interface DraftLint {
  /** Lints `document` now with the current templates, directory and language, and shows the result. */
  check(document: vscode.TextDocument): DraftCheck;
}
