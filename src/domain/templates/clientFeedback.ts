import {
  channelField,
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

/** 客户反馈处理表 — docs/design.md, "Record kinds and their templates": "Client feedback handling". */
export const clientFeedback: TemplateSpec = {
  kind: 'client-feedback',
  label: l('客户反馈处理', 'Client feedback'),
  description: l(
    '客户的投诉、问题或建议：谁反馈、反馈什么、谁处理、何时答复，以及处理结果。',
    "A client's complaint, problem or suggestion: who, what, who handles it, by when, and the outcome.",
  ),
  exampleTitle: l('关于艾克美科技发票延误投诉的处理-财务部', 'Acme invoice delay complaint: handling started - Finance'),
  fields: [
    senderField(l('登记人', 'Logged by')),
    ...counterpartFields(),
    field(
      'feedbackType',
      l('反馈类型', 'Feedback type'),
      'choice',
      true,
      l('complaint 投诉 / issue 问题 / suggestion 建议 / praise 表扬', 'complaint / issue / suggestion / praise'),
      [
        { value: 'complaint', label: l('投诉', 'Complaint') },
        { value: 'issue', label: l('问题', 'Issue') },
        { value: 'suggestion', label: l('建议', 'Suggestion') },
        { value: 'praise', label: l('表扬', 'Praise') },
      ],
    ),
    field('receivedAt', l('收到时间', 'Received at'), 'datetime', true, l('YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm')),
    channelField(),
    ownerField(l('处理人', 'Handled by')),
    recipientsField(false, l('协同人', 'Also to'), l('还需知晓或参与的人或部门', 'other people or departments who must know or help')),
    priorityField(),
    deadlineField(l('答复截止', 'Answer by')),
  ],
  sections: [
    section('feedback', l('反馈内容', 'Feedback'), true, l('客户原话或要点', "The client's words or the gist")),
    section('analysis', l('原因分析', 'Analysis'), false, l('问题出在哪里', 'What went wrong')),
    section('measures', l('处理措施', 'Measures'), true, l('怎么处理、谁做、何时完成', 'What will be done, by whom, by when')),
    section('result', l('处理结果', 'Result'), false, l('结果和客户的回应', 'The outcome and the client’s response')),
  ],
  audience: ['owner', 'recipients'],
};
