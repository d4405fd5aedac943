// Finds a template from what a person types: its kind (`external-request`), its label in either
// language (`外部对接请求`, `External request`), or a part of one when only one template has it
// (`external`, `外部对接`); else the closest ones, for a "did you mean". For `liaison new`.
import type { TemplateSpec } from './types';

export type KindMatch = { template: TemplateSpec } | { suggestions: TemplateSpec[] };

const norm = (text: string): string => text.toLowerCase().replace(/[\s_\-/]+/g, '');

/** Characters of `a` also in `b` (a rough likeness that works for Chinese, where words are not spaced). */
function shared(a: string, b: string): number {
  const pool = [...b];
  let count = 0;
  for (const char of a) {
    const at = pool.indexOf(char);
    if (at >= 0) {
      count++;
      pool.splice(at, 1);
    }
  }
  return count;
}

export function matchKind(templates: readonly TemplateSpec[], typed: string): KindMatch {
  const wanted = norm(typed);
  const names = (template: TemplateSpec): string[] => [template.kind, template.label.zh, template.label.en].map(norm);
  const exact = templates.find((template) => names(template).includes(wanted));
  if (exact) return { template: exact };
  const partial = templates.filter((template) =>
    names(template).some((name) => wanted && (name.includes(wanted) || wanted.includes(name))),
  );
  if (partial.length === 1) return { template: partial[0] };
  if (partial.length > 1) return { suggestions: partial };
  const scored = templates
    .map((template) => ({
      template,
      score: Math.max(...names(template).map((name) => shared(wanted, name) / Math.max(wanted.length, name.length))),
    }))
    .filter((entry) => entry.score >= 0.5)
    .sort((a, b) => b.score - a.score);
  return { suggestions: scored.slice(0, 3).map((entry) => entry.template) };
}
