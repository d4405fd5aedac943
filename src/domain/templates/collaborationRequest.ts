import { attachmentsField, column, deadlineField, field, l, priorityField, recipientsField, section, senderField } from './common';
import type { TemplateSpec } from './types';

/** 跨部门协作需求沟通单 — docs/design.md, "Record kinds and their templates": "Cross-department collaboration request". */
export const collaborationRequest: TemplateSpec = {
  kind: 'collaboration-request',
  label: l('跨部门协作请求', 'Collaboration request'),
  description: l(
    '请其他部门参与项目：写明项目、阶段、目标、分工和里程碑；接收方须在 2 个工作日内接受或拒绝。',
    'Ask other departments to join a project: project, stage, goal, duties and milestones; they accept or decline within 2 working days.',
  ),
  exampleTitle: l('关于会员系统二期联调的协作请求-研发部', 'Membership system phase 2 integration: collaboration requested - R&D'),
  fields: [
    senderField(l('发起人', 'Initiator')),
    recipientsField(
      true,
      l('协作部门', 'Departments asked'),
      l('参与的具体部门或人，如 [测试部, 运维部]', 'the named departments or people asked, e.g. [QA, Ops]'),
    ),
    field('project', l('项目', 'Project'), 'text', true, l('项目名称', 'the project')),
    field('stage', l('阶段', 'Stage'), 'text', true, l('项目当前阶段，如 联调', 'the stage, e.g. integration')),
    priorityField(),
    deadlineField(l('答复截止', 'Answer by')),
    attachmentsField(),
  ],
  sections: [
    section(
      'background',
      l('背景与目标', 'Background and goal'),
      true,
      l('为什么需要协作，要达成什么', 'Why help is needed and what it must achieve'),
    ),
    section(
      'participants',
      l('参与部门与分工', 'Departments and duties'),
      true,
      l('每个部门一行：联系人和职责', 'One row per department: contact and duty'),
      [
        column('department', l('部门', 'Department'), 'person', true),
        column('contact', l('联系人', 'Contact'), 'person', true),
        column('duty', l('职责', 'Duty'), 'text', true),
      ],
    ),
    section(
      'milestones',
      l('里程碑', 'Milestones'),
      true,
      l('每个里程碑一行，时间写到分钟', 'One row per milestone, times to the minute'),
      [
        column('milestone', l('里程碑', 'Milestone'), 'text', true),
        column('due', l('时间', 'Due'), 'datetime', true),
        column('owner', l('负责人', 'Owner'), 'person', false),
      ],
    ),
    section('resources', l('所需资源', 'Resources needed'), false, l('人力、环境、预算等', 'People, environments, budget')),
    section('deliverable', l('交付标准', 'Deliverable standard'), false, l('怎样算完成', 'What counts as done')),
  ],
};
