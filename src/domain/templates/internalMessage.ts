import { attachmentsField, deadlineField, field, l, priorityField, recipientsField, section, senderField } from './common';
import type { TemplateSpec } from './types';

/** 内部常规消息 — docs/design.md, "Record kinds and their templates": "Internal message". */
export const internalMessage: TemplateSpec = {
  kind: 'internal-message',
  label: l('内部常规消息', 'Internal message'),
  description: l(
    '发给具体的人或部门的通知、协作请求、问题反馈或结果汇报，带优先级和截止时间。',
    'A notice, collaboration request, issue report or result report to named people or departments, with a priority and a deadline.',
  ),
  exampleTitle: l('关于Q3产品迭代需求评审会的安排-产品部', 'Q3 product iteration review meeting: schedule confirmed - Product'),
  fields: [
    senderField(),
    recipientsField(),
    field(
      'type',
      l('类型', 'Type'),
      'choice',
      true,
      l('通知 / 协作请求 / 问题反馈 / 结果汇报', 'notice / collaboration request / issue feedback / result report'),
      [
        { value: 'notice', label: l('通知', 'Notice') },
        { value: 'collaboration-request', label: l('协作请求', 'Collaboration request') },
        { value: 'issue-feedback', label: l('问题反馈', 'Issue feedback') },
        { value: 'result-report', label: l('结果汇报', 'Result report') },
      ],
    ),
    priorityField(),
    deadlineField(),
    attachmentsField(),
  ],
  sections: [
    section('background', l('背景', 'Background'), true, l('为什么发这条消息', 'Why this message')),
    section('goal', l('目标', 'Goal'), true, l('要达成什么结果', 'What outcome is needed')),
    section('action', l('行动', 'Action'), true, l('需要对方做什么、何时完成', 'What the recipients must do, and by when')),
  ],
};
