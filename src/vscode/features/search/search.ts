// "Liaison: Search": a quick pick that searches every open space while the user types. Each
// result shows the title, then kind · status · space · date, then a preview line (the snippet
// around the match); accepting one opens the record view. The index lives in the search worker
// (./searchIndex.ts); this file only asks it and shows the answers.
//
// VS Code filters and re-sorts a quick pick's items by its own fuzzy match on the label. The
// results here are already the index's answer, so every item is `alwaysShow` (never hidden);
// VS Code still moves items whose title contains the typed text verbatim to the top, which
// the index ranks highly anyway (title boost 10). Its `sortByLabel` switch is proposed API only.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SearchHit } from '../../../search/searchApi';
import { statusLabel } from '../../../render/recordMarkdown';
import { teamDate } from '../../shared/recordItems';
import { COMMANDS } from '../../commands';
import type { RecordRef } from '../../commands';
import type { Services } from '../../services';
import { SearchIndex } from './searchIndex';
import { l10n } from '../../shared/l10n';

/** Wait after a keystroke before searching, so fast typing sends one query, not five. */
const DEBOUNCE_MS = 80;
const RESULT_LIMIT = 50;

export interface SearchItem extends vscode.QuickPickItem {
  /** The record to open; absent on message rows (nothing found, index being built). */
  readonly ref?: RecordRef;
}

/** The query syntax, shown when nothing matches and in the input's placeholder. */
function syntaxHint(): string {
  return l10n.t(
    'Words match anywhere (接口延迟, payment). Narrow with kind:, status:, space:, after:YYYY-MM-DD, before:YYYY-MM-DD, title:word, -word.',
  );
}

function kindName(services: Services, kind: string): string {
  return services.templates.current.find(kind)?.label[services.language] ?? kind;
}

/** The snippet as one line of prose: markdown heading marks, emphasis and table bars dropped. */
export function previewLine(snippet: string): string {
  return snippet
    .replace(/(^|\s)#{1,6}\s+/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s*\|\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** One result row: title; kind · status · space · date; the preview line. */
export function toItem(services: Services, hit: SearchHit): SearchItem {
  const language = services.language;
  const date = teamDate(services, hit.createdAt);
  return {
    label: hit.title || hit.id,
    description: [kindName(services, hit.kind), statusLabel(hit.status, language), hit.space, date].filter(Boolean).join(' · '),
    detail: previewLine(hit.snippet) || undefined,
    alwaysShow: true,
    ref: { space: hit.space, id: hit.id },
  };
}

function messageItem(label: string, detail?: string): SearchItem {
  return { label, detail, alwaysShow: true };
}

/**
 * What the quick pick shows for `text`: the results, or one row saying nothing matched (with the
 * syntax). Waits until the index has caught up; rejects if search is unavailable.
 */
export async function searchRecords(
  services: Services,
  index: SearchIndex,
  text: string,
  options: { typing?: boolean } = {},
): Promise<SearchItem[]> {
  const response = await index.search(text.trim(), { limit: RESULT_LIMIT, typing: options.typing ?? false });
  if (response.hits.length === 0 && text.trim() === '')
    return [messageItem(`$(info) ${l10n.t('No records yet: what you write or receive is searchable here.')}`)];
  if (response.hits.length === 0) {
    return [messageItem(`$(search-stop) ${l10n.t('No records match "{0}"', text.trim())}`, syntaxHint())];
  }
  // A record caught between the active space and its shelf (being moved) may be in two indexes: show it once.
  const seen = new Set<string>();
  return response.hits
    .map((hit) => toItem(services, hit))
    .filter((item) => {
      const key = `${item.ref?.space}/${item.ref?.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The open search box, for tests: what it shows now. */
export interface SearchUi {
  /** The index the box searches: its state, and waits for tests. */
  readonly index: SearchIndex;
  /** Items of the open quick pick (empty when none is open). */
  visibleItems(): readonly SearchItem[];
}

class SearchBox implements SearchUi, vscode.Disposable {
  private pick: vscode.QuickPick<SearchItem> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Number of the latest query; an answer to an older one is dropped. */
  private latest = 0;

  constructor(
    private readonly services: Services,
    readonly index: SearchIndex,
  ) {}

  visibleItems(): readonly SearchItem[] {
    return this.pick?.items ?? [];
  }

  dispose(): void {
    this.pick?.hide();
  }

  /** Opens the search box (or brings it back), with `text` typed in if given. */
  show(text?: string): void {
    // Search failed earlier (e.g. the worker ran out of memory): each time the box opens, try once more.
    this.index.retry();
    if (!this.pick) this.pick = this.create();
    const pick = this.pick;
    if (text !== undefined) pick.value = text;
    pick.show();
    // Setting `value` from code fires no onDidChangeValue: search now.
    this.query(pick.value, 0);
  }

  private create(): vscode.QuickPick<SearchItem> {
    const pick = vscode.window.createQuickPick<SearchItem>();
    pick.title = l10n.t('Liaison: Search');
    pick.placeholder = l10n.t('Search every record: words, kind:, status:, after:, before:, title:');
    pick.matchOnDescription = false;
    pick.matchOnDetail = true; // only highlights the typed text in the preview line: every item is alwaysShow
    const release = [
      pick.onDidChangeValue((value) => this.query(value, DEBOUNCE_MS)),
      pick.onDidAccept(() => {
        const ref = pick.selectedItems[0]?.ref ?? pick.activeItems[0]?.ref;
        if (!ref) return;
        pick.hide();
        void vscode.commands.executeCommand(COMMANDS.openRecord, ref);
      }),
      this.index.onDidChangeState(() => {
        if (this.pick) this.query(this.pick.value, 0);
      }),
    ];
    pick.onDidHide(() => {
      for (const disposable of release) disposable.dispose();
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.latest++;
      pick.dispose();
      if (this.pick === pick) this.pick = undefined;
    });
    return pick;
  }

  private query(value: string, delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run(value, ++this.latest);
    }, delay);
  }

  private async run(value: string, id: number): Promise<void> {
    const pick = this.pick;
    if (!pick) return;
    const state = this.index.state;
    pick.busy = true;
    if (state.state === 'building' || state.state === 'idle') {
      pick.items = [
        messageItem(
          `$(loading~spin) ${l10n.t('Search index is being built…')}`,
          l10n.t('Results appear as soon as every record is indexed.'),
        ),
      ];
    }
    let items: SearchItem[];
    try {
      items = await searchRecords(this.services, this.index, value, { typing: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      items = [
        messageItem(
          `$(error) ${l10n.t('Search is unavailable: {0}', message)}`,
          l10n.t('Open the search again to retry; the log (Output → Liaison) has the details.'),
        ),
      ];
    }
    if (id !== this.latest || this.pick !== pick) return; // a newer query (or a closed box) wins
    pick.items = items;
    pick.busy = false;
  }
}

export function register(context: vscode.ExtensionContext, services: Services): SearchUi {
  const index = new SearchIndex(services);
  index.start(path.join(__dirname, 'searchWorker.js'));
  const box = new SearchBox(services, index);
  context.subscriptions.push(
    index,
    box,
    vscode.commands.registerCommand(COMMANDS.search, (text?: unknown) => {
      box.show(typeof text === 'string' ? text : undefined);
    }),
  );
  return box;
}
