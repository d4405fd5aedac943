import type { RecordKind } from '../record';
import { internalMessage } from './internalMessage';
import type { TemplateSpec } from './types';

/** Every built-in template, in the order the New Record quick pick offers them. */
export const builtInTemplates: readonly TemplateSpec[] = [internalMessage];

export function findTemplate(kind: string): TemplateSpec | undefined {
  return builtInTemplates.find((template) => template.kind === kind);
}

export function isRecordKind(kind: string): kind is RecordKind {
  return findTemplate(kind) !== undefined;
}
