import type { TemplateSpec } from './types';

/** 内部常规消息 — design.md, "Internal message". */
export const internalMessage: TemplateSpec = {
  kind: 'internal-message',
  label: { zh: '内部常规消息', en: 'Internal message' },
  description: {
    zh: '发给具体的人或部门的通知、协作请求、问题反馈或结果汇报，带优先级和截止时间。',
    en: 'A notice, collaboration request, issue report or result report to named people or departments, with a priority and a deadline.',
  },
  exampleTitle: {
    zh: '关于Q3产品迭代需求评审会的安排-产品部',
    en: 'Q3 product iteration review meeting: schedule confirmed - Product',
  },
  fields: [
    {
      key: 'sender',
      label: { zh: '发送人', en: 'Sender' },
      type: 'person',
      required: true,
      help: { zh: '发送人姓名', en: 'Your name' },
    },
    {
      key: 'recipients',
      label: { zh: '接收人', en: 'Recipients' },
      type: 'people',
      required: true,
      help: {
        zh: '具体的人或部门，如 [李明, 产品部]；不要写“相关部门”',
        en: 'Named people or departments, e.g. [Li Ming, Product]; never "relevant departments"',
      },
    },
    {
      key: 'type',
      label: { zh: '类型', en: 'Type' },
      type: 'choice',
      required: true,
      help: { zh: '通知 / 协作请求 / 问题反馈 / 结果汇报', en: 'notice / collaboration request / issue feedback / result report' },
      options: [
        { value: 'notice', label: { zh: '通知', en: 'Notice' } },
        { value: 'collaboration-request', label: { zh: '协作请求', en: 'Collaboration request' } },
        { value: 'issue-feedback', label: { zh: '问题反馈', en: 'Issue feedback' } },
        { value: 'result-report', label: { zh: '结果汇报', en: 'Result report' } },
      ],
    },
    {
      key: 'priority',
      label: { zh: '优先级', en: 'Priority' },
      type: 'choice',
      required: true,
      help: { zh: 'urgent 紧急 / high 高 / medium 中 / low 低', en: 'urgent / high / medium / low' },
      options: [
        { value: 'urgent', label: { zh: '紧急', en: 'Urgent' } },
        { value: 'high', label: { zh: '高', en: 'High' } },
        { value: 'medium', label: { zh: '中', en: 'Medium' } },
        { value: 'low', label: { zh: '低', en: 'Low' } },
      ],
    },
    {
      key: 'deadline',
      label: { zh: '截止时间', en: 'Deadline' },
      type: 'datetime',
      required: true,
      help: { zh: '具体时间 YYYY-MM-DD HH:mm，不要写“尽快”', en: 'A concrete time, YYYY-MM-DD HH:mm; never "ASAP"' },
    },
  ],
  sections: [
    {
      key: 'background',
      heading: { zh: '背景', en: 'Background' },
      required: true,
      help: { zh: '为什么发这条消息', en: 'Why this message' },
    },
    {
      key: 'goal',
      heading: { zh: '目标', en: 'Goal' },
      required: true,
      help: { zh: '要达成什么结果', en: 'What outcome is needed' },
    },
    {
      key: 'action',
      heading: { zh: '行动', en: 'Action' },
      required: true,
      help: { zh: '谁在什么时间前做什么', en: 'Who does what, by when' },
    },
  ],
};
