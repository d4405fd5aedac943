// One line per lint rule, in both languages: for the generated docs and `liaison lint --rules`.
import type { Localized } from '../templates/types';
import type { Severity } from './types';

export interface RuleDoc {
  id: string;
  severity: Severity;
  summary: Localized;
  fix?: Localized;
}

export const RULE_DOCS: readonly RuleDoc[] = [
  {
    id: 'front-matter',
    severity: 'error',
    summary: {
      en: 'The draft starts with `---`, key: value fields, `---`, as valid YAML.',
      zh: '草稿以 `---`、key: value 字段、`---` 开头，且为合法 YAML。',
    },
  },
  {
    id: 'unknown-kind',
    severity: 'error',
    summary: { en: '`kind` names a known template.', zh: '`kind` 必须是已知的模板类型。' },
    fix: { en: 'change to the closest kind', zh: '改为最接近的类型' },
  },
  {
    id: 'unknown-field',
    severity: 'warning',
    summary: { en: 'A field the template does not have (often a typo).', zh: '模板中没有的字段（多为拼写错误）。' },
    fix: { en: 'rename to the closest field', zh: '改为最接近的字段名' },
  },
  {
    id: 'required-field',
    severity: 'error',
    summary: { en: 'Required fields are present and not empty.', zh: '必填字段存在且不为空。' },
    fix: { en: "add the field's skeleton; insert a date-time", zh: '插入字段骨架；插入具体时间' },
  },
  {
    id: 'required-section',
    severity: 'error',
    summary: {
      en: 'Required sections are present and filled (tables with at least one row).',
      zh: '必填段落存在且有内容（表格至少一行）。',
    },
    fix: { en: "add the section's skeleton", zh: '插入段落骨架' },
  },
  {
    id: 'placeholder-value',
    severity: 'error',
    summary: {
      en: 'No "TBD", "待定", "详见附件" as a whole value or section; standing in the body\'s sentences, a warning (see Plain wording in the body).',
      zh: '字段或段落不能只写“TBD”“待定”“详见附件”；出现在正文句子中时为警告（见“正文用语”）。',
    },
    fix: { en: 'in the body, insert a date-time where a time is missing', zh: '正文中缺时间处插入具体时间' },
  },
  {
    id: 'invalid-choice',
    severity: 'error',
    summary: { en: 'A choice field holds one of its options.', zh: '选项字段的值必须是给定选项之一。' },
    fix: { en: 'change to the option (a label like 紧急 becomes urgent)', zh: '改为对应选项（如 紧急 → urgent）' },
  },
  {
    id: 'vague-deadline',
    severity: 'error',
    summary: {
      en: 'Deadlines are times, never "ASAP", "尽快", "as soon as possible"; in a title, or standing for a time in the body\'s sentences, such words are a warning (see Plain wording in the body).',
      zh: '截止时间必须是具体时间，不能是“尽快”“ASAP”；标题中、或正文句子中代替时间时为警告（见“正文用语”）。',
    },
    fix: { en: 'insert a date-time', zh: '插入具体时间' },
  },
  {
    id: 'deadline-format',
    severity: 'error',
    summary: { en: 'Date-times are written `YYYY-MM-DD HH:mm`.', zh: '时间写成 `YYYY-MM-DD HH:mm`。' },
    fix: {
      en: 'rewrite 2026/5/20 18:00 or 2026年5月20日 18:00 as 2026-05-20 18:00',
      zh: '把 2026/5/20 18:00、2026年5月20日 18:00 改写为 2026-05-20 18:00',
    },
  },
  {
    id: 'date-format',
    severity: 'error',
    summary: { en: 'Dates are written `YYYY-MM-DD`.', zh: '日期写成 `YYYY-MM-DD`。' },
    fix: { en: 'rewrite the date', zh: '改写日期' },
  },
  {
    id: 'deadline-past',
    severity: 'warning',
    summary: { en: 'A deadline lies in the future.', zh: '截止时间应在将来。' },
    fix: { en: 'change to tomorrow 18:00', zh: '改为明天 18:00' },
  },
  {
    id: 'vague-recipient',
    severity: 'error',
    summary: {
      en: 'Recipients are specific: never "relevant departments", "相关部门", "负责人"; in the body, a vague party asked to act is a warning (see Plain wording in the body).',
      zh: '接收人必须具体，不能写“相关部门”“负责人”；正文中被要求做事的模糊对象为警告（见“正文用语”）。',
    },
    fix: { en: 'pick a recipient from the directory', zh: '从通讯录选择接收人' },
  },
  {
    id: 'unknown-recipient',
    severity: 'warning',
    summary: { en: 'People and departments are in the directory.', zh: '人和部门应在通讯录中。' },
    fix: { en: 'change to the closest name in the directory', zh: '改为通讯录中最接近的名字' },
  },
  { id: 'one-person', severity: 'error', summary: { en: 'An owner field names one person.', zh: '负责人字段只写一个人。' } },
  {
    id: 'title-structure',
    severity: 'warning',
    summary: {
      en: 'The title carries event + object + status, e.g. 关于Q3产品迭代需求评审会的安排-产品部.',
      zh: '标题包含 事件+对象+状态，如 关于Q3产品迭代需求评审会的安排-产品部。',
    },
  },
  {
    id: 'tag-mismatch',
    severity: 'error',
    summary: {
      en: 'Message tags 【紧急】【任务】【通知】【问题】【汇报】 agree with the priority and type.',
      zh: '消息标签【紧急】【任务】【通知】【问题】【汇报】与优先级、类型一致。',
    },
    fix: { en: 'set the priority or type; or remove the tag', zh: '修改优先级或类型；或删去标签' },
  },
  {
    id: 'attachment-name',
    severity: 'warning',
    summary: {
      en: 'Attachments are named name-version-date-owner, e.g. 产品需求V2.1-20240520-张.',
      zh: '附件名为 名称-版本-日期-负责人，如 产品需求V2.1-20240520-张。',
    },
  },
  {
    id: 'table-missing',
    severity: 'error',
    summary: {
      en: 'A section that holds a table (action items, milestones…) has one.',
      zh: '需要表格的段落（行动项、里程碑等）必须有表格。',
    },
    fix: { en: 'insert the table', zh: '插入表格' },
  },
  { id: 'table-columns', severity: 'error', summary: { en: "A table has the template's required columns.", zh: '表格包含模板要求的列。' } },
  {
    id: 'table-cell',
    severity: 'error',
    summary: {
      en: 'Every filled row has its required cells (an action item has an owner and a due time).',
      zh: '每个已填写的行都有必填单元格（行动项须有负责人和截止时间）。',
    },
  },
];
