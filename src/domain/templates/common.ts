// Building blocks the built-in templates share, so one field (priority, deadline, sender…) is
// defined once and reads the same in every kind.
import type { ColumnSpec, FieldOption, FieldSpec, FieldType, Localized, SectionSpec } from './types';

export function l(zh: string, en: string): Localized {
  return { zh, en };
}

export function field(
  key: string,
  label: Localized,
  type: FieldType,
  required: boolean,
  help: Localized,
  options?: readonly FieldOption[],
): FieldSpec {
  return options ? { key, label, type, required, help, options } : { key, label, type, required, help };
}

export function section(key: string, heading: Localized, required: boolean, help: Localized, table?: readonly ColumnSpec[]): SectionSpec {
  return table ? { key, heading, required, help, table } : { key, heading, required, help };
}

export function column(key: string, label: Localized, type: ColumnSpec['type'], required: boolean): ColumnSpec {
  return { key, label, type, required };
}

export const PRIORITY_OPTIONS: readonly FieldOption[] = [
  { value: 'urgent', label: l('紧急', 'Urgent') },
  { value: 'high', label: l('高', 'High') },
  { value: 'medium', label: l('中', 'Medium') },
  { value: 'low', label: l('低', 'Low') },
];

export function priorityField(label = l('优先级', 'Priority')): FieldSpec {
  return field(
    'priority',
    label,
    'choice',
    true,
    l('urgent 紧急 / high 高 / medium 中 / low 低', 'urgent / high / medium / low'),
    PRIORITY_OPTIONS,
  );
}

export function senderField(label = l('发送人', 'Sender')): FieldSpec {
  return field('sender', label, 'person', true, l('你的姓名', 'your name'));
}

export function recipientsField(
  required = true,
  label = l('接收人', 'Recipients'),
  help = l(
    '具体的人或部门，如 [李明, 产品部]；不要写“相关部门”',
    'named people or departments, e.g. [Li Ming, Product]; never "relevant departments"',
  ),
): FieldSpec {
  return field('recipients', label, 'people', required, help);
}

export function deadlineField(label = l('截止时间', 'Deadline'), key = 'deadline', required = true): FieldSpec {
  return {
    ...field(
      key,
      label,
      'datetime',
      required,
      l('具体时间 YYYY-MM-DD HH:mm，不要写“尽快”', 'a concrete time, YYYY-MM-DD HH:mm; never "ASAP"'),
    ),
    future: true,
  };
}

export function ownerField(label = l('负责人', 'Owner'), help = l('一个具体的人，如 李明', 'one named person, e.g. Li Ming')): FieldSpec {
  return field('owner', label, 'person', true, help);
}

export function attachmentsField(): FieldSpec {
  return field(
    'attachments',
    l('附件', 'Attachments'),
    'attachments',
    false,
    l(
      '文件名按 名称-版本-日期-负责人，如 [产品需求V2.1-20240520-张]',
      'file names as name-version-date-owner, e.g. [Requirements-V2.1-20240520-Zhang]',
    ),
  );
}

export function tagsField(): FieldSpec {
  return field(
    'tags',
    l('标签', 'Tags'),
    'list',
    false,
    l('便于检索的关键词，如 [接口, 延迟]', 'keywords for search, e.g. [api, latency]'),
  );
}

export function counterpartFields(): FieldSpec[] {
  return [
    field('counterpart', l('对接方', 'Counterpart'), 'text', true, l('对方单位名称，如 艾克美科技', 'the organisation, e.g. Acme Ltd')),
    field(
      'contact',
      l('对方联系人', 'Contact'),
      'text',
      true,
      l('对方联系人姓名和联系方式，如 王总 138…', 'their contact person and how to reach them'),
    ),
  ];
}

export const CHANNEL_OPTIONS: readonly FieldOption[] = [
  { value: 'email', label: l('邮件', 'Email') },
  { value: 'phone', label: l('电话', 'Phone') },
  { value: 'wechat', label: l('微信', 'WeChat') },
  { value: 'dingtalk', label: l('钉钉', 'DingTalk') },
  { value: 'feishu', label: l('飞书', 'Feishu') },
  { value: 'meeting', label: l('会议', 'Meeting') },
  { value: 'other', label: l('其他', 'Other') },
];

export function channelField(): FieldSpec {
  return field(
    'channel',
    l('沟通渠道', 'Channel'),
    'choice',
    false,
    l('email / phone / wechat / dingtalk / feishu / meeting / other', 'email / phone / wechat / dingtalk / feishu / meeting / other'),
    CHANNEL_OPTIONS,
  );
}
