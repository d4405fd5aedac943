// The report page's tables of records (overdue, never read, satisfaction comments, skipped), at
// most TABLE_LIMIT rows each (the export has every item); a record's title opens it in VS Code.
import type { MonthlyReport, ReportItem, SatisfactionEntry, SkippedRecord } from '../domain/reportModel';
import { readOfText } from '../domain/reportModel';
import { el } from './reportDom';
import { host } from './reportHost';
import { formatDuration, formatInstant } from './reportText';
import type { ReportText } from './reportText';

/** At most this many rows per table; the export has every item. */
const TABLE_LIMIT = 50;

/** A record's title: a link that opens it in VS Code, plain text in the standalone page. */
function recordTitle(space: string, id: string, title: string): HTMLElement {
  const vscode = host;
  if (!vscode) return el('span', { text: title || id, attrs: { title: id } });
  const link = el('button', { className: 'link', text: title || id, attrs: { type: 'button', title: `${space} / ${id}` } });
  link.addEventListener('click', () => vscode.postMessage({ type: 'openRecord', space, id }));
  return link;
}

function itemsTable<T>(
  options: {
    id: string;
    title: string;
    empty: string;
    head: string[];
    numeric: number[];
    items: readonly T[];
    row: (item: T) => (Node | string)[];
  },
  text: ReportText,
): HTMLElement {
  const headingId = `${options.id}-title`;
  const section = el(
    'section',
    { className: 'card wide', attrs: { 'aria-labelledby': headingId, 'data-table': options.id } },
    el('h2', { text: `${options.title} (${options.items.length})`, attrs: { id: headingId } }),
  );
  if (options.items.length === 0) {
    section.append(el('p', { className: 'empty', text: options.empty }));
    return section;
  }
  const shown = options.items.slice(0, TABLE_LIMIT);
  section.append(
    el(
      'table',
      { className: 'items' },
      el('thead', {}, el('tr', {}, ...options.head.map((cell) => el('th', { text: cell, attrs: { scope: 'col' } })))),
      el(
        'tbody',
        {},
        ...shown.map((item) =>
          el(
            'tr',
            {},
            ...options.row(item).map((cell, index) => el('td', { className: options.numeric.includes(index) ? 'number' : '' }, cell)),
          ),
        ),
      ),
    ),
  );
  if (shown.length < options.items.length)
    section.append(el('p', { className: 'note', text: text.shown(shown.length, options.items.length) }));
  return section;
}

function priorityLabel(item: ReportItem, text: ReportText): string {
  return item.priorityLabel ?? text.priorities[item.priority] ?? item.priority;
}

/** A table of report items (overdue, never read): record, priority, department, the people, due and minutes. */
function reportItemsTable(
  report: MonthlyReport,
  text: ReportText,
  table: { id: string; title: string; empty: string; people: string; minutes: string; items: readonly ReportItem[] },
): HTMLElement {
  return itemsTable<ReportItem>(
    {
      id: table.id,
      title: table.title,
      empty: table.empty,
      head: [text.record, text.priority, text.department, table.people, text.due, table.minutes],
      numeric: [5],
      items: table.items,
      row: (item) => [
        recordTitle(item.space, item.id, item.title),
        priorityLabel(item, text),
        item.department,
        [readOfText(item, report.language), item.people.join(', ')].filter(Boolean).join(' · '),
        formatInstant(item.due, report.zone),
        formatDuration(item.overdueMinutes, text),
      ],
    },
    text,
  );
}

export function overdueTable(report: MonthlyReport, text: ReportText): HTMLElement {
  const table = { id: 'overdue', title: text.overdueTable, empty: text.noOverdue, people: text.owedBy, minutes: text.overdueBy };
  return reportItemsTable(report, text, { ...table, items: report.overdue });
}

export function neverReadTable(report: MonthlyReport, text: ReportText): HTMLElement {
  const table = { id: 'neverRead', title: text.neverReadTable, empty: text.noNeverRead, people: text.notReadBy, minutes: text.unreadFor };
  return reportItemsTable(report, text, { ...table, items: report.neverRead });
}

export function commentsTable(report: MonthlyReport, text: ReportText): HTMLElement {
  const withComments = report.satisfaction.entries.filter((entry) => entry.comment.trim() !== '');
  return itemsTable<SatisfactionEntry>(
    {
      id: 'comments',
      title: text.commentsTable,
      empty: text.noComments,
      head: [text.score, text.comment, text.by, text.record, text.date],
      numeric: [],
      items: withComments,
      row: (entry) => [
        `${'★'.repeat(entry.score)}${'☆'.repeat(Math.max(0, 5 - entry.score))}`,
        entry.comment,
        entry.by,
        recordTitle(entry.space, entry.id, entry.title),
        formatInstant(entry.at, report.zone).slice(0, 10),
      ],
    },
    text,
  );
}

/** Records the report could not place in time (left out of every figure), with why; nothing when none. */
export function skippedTable(report: MonthlyReport, text: ReportText): HTMLElement | undefined {
  const skipped = report.skipped ?? [];
  if (skipped.length === 0) return undefined;
  return itemsTable<SkippedRecord>(
    {
      id: 'skipped',
      title: text.skippedTable,
      empty: '',
      head: [text.record, text.reason],
      numeric: [],
      items: skipped,
      row: (entry) => [recordTitle(entry.space, entry.id, entry.title), entry.reason],
    },
    text,
  );
}
