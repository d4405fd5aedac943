// The built-in templates, and a TemplateSet: the built-ins plus a workspace's own
// (`.liaison/templates/`), which may add kinds or replace a built-in one.
import { clientFeedback } from './clientFeedback';
import { collaborationRequest } from './collaborationRequest';
import { emergency } from './emergency';
import { externalRequest } from './externalRequest';
import { internalMessage } from './internalMessage';
import { internalNotice } from './internalNotice';
import { knowledgeEntry } from './knowledgeEntry';
import { meetingMinutes } from './meetingMinutes';
import { requirementConfirmation } from './requirementConfirmation';
import type { TemplateSpec } from './types';

/** Every built-in template, in the order the New Record quick pick offers them. */
export const builtInTemplates: readonly TemplateSpec[] = [
  internalMessage,
  internalNotice,
  collaborationRequest,
  externalRequest,
  emergency,
  meetingMinutes,
  clientFeedback,
  requirementConfirmation,
  knowledgeEntry,
];

/** Templates by kind: the built-ins, then a team's, a team's replacing a built-in of the same kind. */
export class TemplateSet {
  private readonly byKind = new Map<string, TemplateSpec>();

  constructor(readonly templates: readonly TemplateSpec[]) {
    for (const template of templates) this.byKind.set(template.kind, template);
  }

  static withTeam(team: readonly TemplateSpec[]): TemplateSet {
    const kinds = new Set(team.map((template) => template.kind));
    return new TemplateSet([...builtInTemplates.filter((template) => !kinds.has(template.kind)), ...team]);
  }

  find(kind: string): TemplateSpec | undefined {
    return this.byKind.get(kind);
  }

  get kinds(): string[] {
    return this.templates.map((template) => template.kind);
  }
}

export const builtInTemplateSet = new TemplateSet(builtInTemplates);

export function findTemplate(kind: string): TemplateSpec | undefined {
  return builtInTemplateSet.find(kind);
}

export function isRecordKind(kind: string): boolean {
  return findTemplate(kind) !== undefined;
}
