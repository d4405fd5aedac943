import { attachmentsField, field, l, priorityField, recipientsField, section, senderField } from './common';
import type { TemplateSpec } from './types';

/** 内部通知 + 通知确认单 — docs/design.md, "Record kinds and their templates": "Internal notice". */
export const internalNotice: TemplateSpec = {
  kind: 'internal-notice',
  label: l('内部通知', 'Internal notice'),
  description: l(
    '部门发布的正式通知，附确认名单：每位须确认人确认或待确认，一目了然。',
    'A formal notice from a department, with a confirmation list showing who has confirmed and who has not.',
  ),
  exampleTitle: l('关于2026年国庆节放假安排的通知-行政部', 'National Day holiday arrangements 2026: notice issued - Admin'),
  fields: [
    senderField(l('发布人', 'Issued by')),
    field(
      'department',
      l('发文部门', 'Issuing department'),
      'person',
      true,
      l('发出通知的部门，如 行政部', 'the department issuing it, e.g. Admin'),
    ),
    field('date', l('发文日期', 'Date'), 'date', true, l('YYYY-MM-DD', 'YYYY-MM-DD')),
    recipientsField(
      true,
      l('抄送范围', 'Copy to'),
      l('收到通知的具体部门或人，如 [研发部, 市场部]', 'the named departments or people it goes to, e.g. [R&D, Marketing]'),
    ),
    field(
      'confirmers',
      l('须确认人', 'Must confirm'),
      'people',
      true,
      l('须回执确认的人或部门，如 [李明, 研发部]', 'who must confirm receipt, e.g. [Li Ming, R&D]'),
    ),
    priorityField(l('紧急程度', 'Urgency')),
    field('contact', l('联系人', 'Contact'), 'person', true, l('有疑问找谁，如 王芳', 'whom to ask, e.g. Wang Fang')),
    field('effective', l('生效日期', 'Effective date'), 'date', false, l('YYYY-MM-DD', 'YYYY-MM-DD')),
    attachmentsField(),
  ],
  sections: [
    section('background', l('背景', 'Background'), true, l('为什么发布此通知', 'Why this notice')),
    section('items', l('通知事项', 'Items'), true, l('逐条写明事项：时间、地点、对象、内容', 'Each item: when, where, who, what')),
    section('requirements', l('要求', 'Requirements'), false, l('需要收文方做什么', 'What the readers must do')),
  ],
  audience: ['recipients', 'confirmers'],
};
