// What a lint rule reports: a finding at a place in the draft, in the user's language, with the
// mechanical fixes (text edits) an editor can apply and a CLI could print.
import type { Directory } from '../directory';
import type { TextRange } from '../draft';
import type { TemplateSet } from '../templates/registry';
import type { Language } from '../templates/types';

export type Severity = 'error' | 'warning';

export interface TextEdit {
  range: TextRange;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one fix an editor may apply with a single key ("preferred" quick fix). */
  preferred?: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** 0-based line in the draft (the start of `range` when there is one). */
  line: number;
  /** Where exactly; without it the whole line is meant. */
  range?: TextRange;
  /** The front-matter key or section the finding is about, when there is one. */
  field?: string;
  message: string;
  fixes?: Fix[];
  /**
   * Set when the finding is a recipient that should be someone from the directory: the span to
   * replace. An editor offers a picker over the whole directory (beyond the fixes' few names).
   */
  recipientSpan?: TextRange;
}

export interface LintContext {
  language: Language;
  templates: TemplateSet;
  /** People and departments recipients must come from; empty = no directory check. */
  directory: Directory;
  /** Now, for deadlines in the past and for fixes that insert a date-time. */
  now: Date;
  /** The team's time zone for those date-times; default Asia/Shanghai. */
  timeZone: string;
}

/**
 * A finding at `where`: a range (its start line is the finding's line) or, for a finding about a
 * whole line, the 0-based line. The rest (field, message, fixes…) is the rule's own.
 */
export function findingAt(
  ruleId: string,
  severity: Severity,
  where: TextRange | number,
  rest: Omit<Finding, 'ruleId' | 'severity' | 'line' | 'range'>,
): Finding {
  return typeof where === 'number'
    ? { ruleId, severity, line: where, ...rest }
    : { ruleId, severity, line: where.line, range: where, ...rest };
}
