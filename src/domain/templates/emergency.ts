import { attachmentsField, deadlineField, field, l, ownerField, recipientsField, section, senderField } from './common';
import type { TemplateSpec } from './types';

/** 紧急事务消息 — docs/design.md, "Record kinds and their templates": "Emergency": always urgent, goes to management as well. */
export const emergency: TemplateSpec = {
  kind: 'emergency',
  label: l('紧急事务', 'Emergency'),
  description: l(
    '影响业务的紧急事件：发生了什么、影响范围、已采取的措施、负责人和预计恢复时间。自动通知管理层。',
    'An event that hurts the business: what happened, the impact, measures taken, the owner and expected recovery. Management is told automatically.',
  ),
  exampleTitle: l('关于支付网关故障的紧急处理-运维部', 'Payment gateway outage: recovery under way - Ops'),
  fields: [
    senderField(),
    recipientsField(),
    field('impact', l('影响范围', 'Impact'), 'text', true, l('受影响的系统、客户、地区', 'systems, clients, regions affected')),
    ownerField(l('处理负责人', 'Owner')),
    deadlineField(l('预计恢复时间', 'Expected recovery'), 'recovery'),
    attachmentsField(),
  ],
  sections: [
    section('event', l('事件描述', 'What happened'), true, l('何时、何地、发生了什么', 'When, where, what happened')),
    section('measures', l('已采取措施', 'Measures taken'), true, l('已经做了什么', 'What has been done so far')),
    section('next', l('下一步', 'Next steps'), false, l('接下来做什么、需要谁支持', 'What comes next and whose help is needed')),
  ],
  audience: ['recipients', 'owner'],
  fixedPriority: 'urgent',
};
