import {
  attachmentsField,
  column,
  counterpartFields,
  deadlineField,
  field,
  l,
  ownerField,
  recipientsField,
  section,
  senderField,
} from './common';
import type { TemplateSpec } from './types';

/** 客户需求确认表 — docs/design.md, "Record kinds and their templates": "requirement confirmation". */
export const requirementConfirmation: TemplateSpec = {
  kind: 'requirement-confirmation',
  label: l('客户需求确认', 'Requirement confirmation'),
  description: l(
    '与客户逐条确认需求、范围和验收标准，双方确认后再开工。',
    'Confirm requirements, scope and acceptance criteria with a client, item by item, before work starts.',
  ),
  exampleTitle: l('关于艾克美科技报表模块需求的确认-产品部', 'Acme reporting module requirements: confirmation requested - Product'),
  fields: [
    senderField(),
    ...counterpartFields(),
    field('project', l('项目', 'Project'), 'text', true, l('项目名称', 'the project')),
    ownerField(l('内部负责人', 'Internal owner')),
    recipientsField(false, l('协同人', 'Also to'), l('还需确认的内部人员或部门', 'other people or departments who must confirm')),
    deadlineField(l('确认截止', 'Confirm by')),
    attachmentsField(),
  ],
  sections: [
    section('requirements', l('需求清单', 'Requirements'), true, l('每条需求一行', 'One row per requirement'), [
      column('item', l('需求', 'Requirement'), 'text', true),
      column('detail', l('说明', 'Detail'), 'text', false),
      column('acceptance', l('验收标准', 'Acceptance'), 'text', true),
    ]),
    section('scope', l('不在范围内', 'Out of scope'), false, l('明确不做的内容', 'What is explicitly not included')),
    section('schedule', l('计划', 'Schedule'), false, l('关键时间点', 'Key dates')),
  ],
  audience: ['owner', 'recipients'],
};
