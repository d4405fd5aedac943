import { field, l, recipientsField, section, senderField, tagsField } from './common';
import type { TemplateSpec } from './types';

/** 复盘总结 / 知识沉淀 — docs/design.md, "Record kinds and their templates": "Retrospective / knowledge entry". */
export const knowledgeEntry: TemplateSpec = {
  kind: 'knowledge-entry',
  label: l('复盘 / 知识条目', 'Retrospective / knowledge entry'),
  description: l(
    '把一次处理的经验沉淀下来：问题、原因、解决办法和教训，便于日后检索。',
    'What a case taught us: problem, cause, solution and lessons, kept for the next person to search.',
  ),
  exampleTitle: l('关于支付网关故障的复盘总结-运维部', 'Payment gateway outage: retrospective written - Ops'),
  fields: [
    senderField(l('作者', 'Author')),
    field(
      'category',
      l('分类', 'Category'),
      'choice',
      true,
      l('process 流程 / technical 技术 / client 客户 / product 产品 / other 其他', 'process / technical / client / product / other'),
      [
        { value: 'process', label: l('流程', 'Process') },
        { value: 'technical', label: l('技术', 'Technical') },
        { value: 'client', label: l('客户', 'Client') },
        { value: 'product', label: l('产品', 'Product') },
        { value: 'other', label: l('其他', 'Other') },
      ],
    ),
    tagsField(),
    field('source', l('来源记录', 'Source record'), 'text', false, l('复盘的原记录编号', 'the id of the record this comes from')),
    recipientsField(false, l('分享给', 'Share with'), l('应当读到的人或部门', 'people or departments who should read it')),
  ],
  sections: [
    section('problem', l('问题', 'Problem'), true, l('发生了什么', 'What happened')),
    section('cause', l('原因', 'Cause'), true, l('根本原因', 'The root cause')),
    section('solution', l('解决办法', 'Solution'), true, l('怎么解决的', 'How it was solved')),
    section('lessons', l('经验教训', 'Lessons'), true, l('下次怎么做', 'What to do next time')),
  ],
};
