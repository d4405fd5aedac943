import { attachmentsField, column, field, l, recipientsField, section, senderField } from './common';
import type { TemplateSpec } from './types';

/** 会议纪要 / 方案沟通纪要 — docs/design.md, "Record kinds and their templates": "Meeting minutes": each action item is tracked for its owner. */
export const meetingMinutes: TemplateSpec = {
  kind: 'meeting-minutes',
  label: l('会议纪要', 'Meeting minutes'),
  description: l(
    '会议的决定和行动项；每个行动项写明负责人和截止时间，成为负责人的跟踪事项。',
    "A meeting's decisions and action items; each item has an owner and a due time and becomes that owner's tracked item.",
  ),
  exampleTitle: l('关于Q3迭代范围评审会的会议纪要-产品部', 'Q3 iteration scope review: minutes published - Product'),
  fields: [
    senderField(l('记录人', 'Minutes by')),
    field('meetingTime', l('会议时间', 'Meeting time'), 'datetime', true, l('YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm')),
    field(
      'attendees',
      l('参会人', 'Attendees'),
      'people',
      true,
      l('参会的具体人员，如 [李明, 王芳]', 'the people present, e.g. [Li Ming, Wang Fang]'),
    ),
    recipientsField(false, l('分发给', 'Also to'), l('未参会但须知晓的人或部门', 'people or departments not present who must know')),
    attachmentsField(),
  ],
  sections: [
    section('decisions', l('会议决定', 'Decisions'), true, l('逐条写明决定', 'Each decision, one per line')),
    section('actions', l('行动项', 'Action items'), true, l('每项一行：事项、负责人、截止时间', 'One row per item: what, owner, due'), [
      column('item', l('事项', 'Item'), 'text', true),
      column('owner', l('负责人', 'Owner'), 'person', true),
      column('due', l('截止时间', 'Due'), 'datetime', true),
    ]),
    section('notes', l('讨论要点', 'Discussion'), false, l('重要的讨论和分歧', 'Important points and disagreements')),
  ],
  audience: ['attendees', 'recipients'],
};
