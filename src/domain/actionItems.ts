// Action items of meeting minutes (the `actions` table: item, owner, due) as tracked items of
// their owners: each filled row is one item, numbered from 1; it is done once a `delivered`
// event names it (`item: n`).
import type { DraftSection } from './draft';
import { draftSections, parseDraft } from './draft';
import { actsFor, foldLifecycle } from './lifecycle';
import { sectionTable } from './lint/sectionRules';
import type { Identity, LiaisonRecord } from './record';
import { meetingMinutes } from './templates/meetingMinutes';

export interface ActionItem {
  /** 1-based among the filled rows. */
  index: number;
  item: string;
  owner: string;
  due: string;
  done: boolean;
}

const actionsSpec = meetingMinutes.sections.find((section) => section.key === 'actions');

/** `itemsDone`: the lifecycle's done items, when the caller has folded it already. */
export function actionItems(record: LiaisonRecord, itemsDone?: readonly number[]): ActionItem[] {
  if (record.kind !== 'meeting-minutes' || !actionsSpec?.table) return [];
  const parsed = parseDraft(`---\nkind: meeting-minutes\n---\n${record.body}`);
  const names = [actionsSpec.heading.zh, actionsSpec.heading.en, actionsSpec.key].map((name) => name.toLowerCase());
  const section: DraftSection | undefined = draftSections(parsed).find((candidate) => names.includes(candidate.heading.toLowerCase()));
  const table = section ? sectionTable(section) : undefined;
  if (!table) return [];
  const column = (key: string): number => {
    const spec = actionsSpec.table?.find((candidate) => candidate.key === key);
    const labels = spec ? [spec.key, spec.label.zh, spec.label.en].map((label) => label.toLowerCase()) : [key];
    return table.headers.findIndex((header) => labels.includes(header.toLowerCase()));
  };
  const [itemAt, ownerAt, dueAt] = [column('item'), column('owner'), column('due')];
  const done = new Set(itemsDone ?? foldLifecycle(record).itemsDone);
  return table.rows
    .filter((row) => row.cells.some((cell) => cell.text !== ''))
    .map((row, index) => ({
      index: index + 1,
      item: row.cells[itemAt]?.text ?? '',
      owner: row.cells[ownerAt]?.text ?? '',
      due: row.cells[dueAt]?.text ?? '',
      done: done.has(index + 1),
    }));
}

/** The open action items `identity` owns (by name or department). */
export function openItemsFor(record: LiaisonRecord, identity: Identity, itemsDone?: readonly number[]): ActionItem[] {
  return actionItems(record, itemsDone).filter((item) => !item.done && item.owner !== '' && actsFor(identity, item.owner));
}
