import {
  attachmentsField,
  channelField,
  column,
  counterpartFields,
  deadlineField,
  field,
  l,
  ownerField,
  priorityField,
  recipientsField,
  section,
  senderField,
} from './common';
import type { TemplateSpec } from './types';

/** 外部对接消息（客户 / 供应商 / 合作伙伴）+ 客户进度同步表 — docs/design.md, "Record kinds and their templates": "External request". */
export const externalRequest: TemplateSpec = {
  kind: 'external-request',
  label: l('外部对接请求', 'External request'),
  description: l(
    '客户、供应商或合作伙伴的需求：对方是谁、要什么、何时要、内部谁负责，并按行同步进度。',
    'A need of a client, supplier or partner: who, what, by when, which of us owns it, with progress-sync rows.',
  ),
  exampleTitle: l('关于艾克美科技接口延迟问题的处理进展-客户成功部', 'Acme API latency issue: fix in progress - Customer Success'),
  fields: [
    senderField(),
    field(
      'counterpartType',
      l('对接方类型', 'Counterpart type'),
      'choice',
      true,
      l('client 客户 / supplier 供应商 / partner 合作伙伴', 'client / supplier / partner'),
      [
        { value: 'client', label: l('客户', 'Client') },
        { value: 'supplier', label: l('供应商', 'Supplier') },
        { value: 'partner', label: l('合作伙伴', 'Partner') },
      ],
    ),
    ...counterpartFields(),
    ownerField(l('内部负责人', 'Internal owner')),
    recipientsField(false, l('协同人', 'Also to'), l('还需知晓或参与的人或部门', 'other people or departments who must know or help')),
    priorityField(),
    deadlineField(l('期望时间', 'Expected by')),
    channelField(),
    attachmentsField(),
  ],
  sections: [
    section('need', l('需求描述', 'Need'), true, l('对方的需求，尽量引用原话', "The counterpart's need, in their words where possible")),
    section('progress', l('进度同步', 'Progress sync'), false, l('每次同步一行', 'One row per sync'), [
      column('date', l('日期', 'Date'), 'date', true),
      column('stage', l('阶段', 'Stage'), 'text', true),
      column('progress', l('进展', 'Progress'), 'text', true),
      column('participants', l('参与人', 'Participants'), 'text', false),
      column('next', l('下一步', 'Next step'), 'text', true),
      column('risk', l('风险与应对', 'Risk and response'), 'text', false),
    ]),
  ],
  audience: ['owner', 'recipients'],
};
