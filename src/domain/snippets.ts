// VS Code snippets derived from the template definitions (never written by hand): one snippet
// per kind and language, prefix `liaison-<kind>` / `liaison-<kind>-zh`.
import { builtInTemplates } from './templates/registry';
import type { Language, TemplateSpec } from './templates/types';

export interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

/** Escapes text for a snippet body ($, } and \ are syntax there). */
function literal(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/** Text for inside YAML double quotes: an English title like "…: schedule confirmed - Product" is no valid plain scalar. */
function quotedText(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

export function templateSnippet(template: TemplateSpec, language: Language): Snippet {
  let stop = 1;
  const body = [
    '---',
    `kind: ${template.kind}`,
    `space: \${${stop++}:internal}`,
    `title: "\${${stop++}:${literal(quotedText(template.exampleTitle[language]))}}"`,
  ];
  for (const field of template.fields) {
    let value: string;
    if (field.type === 'people' || field.type === 'list' || field.type === 'attachments') value = `[\${${stop++}}]`;
    else if (field.type === 'datetime') value = `\${${stop++}:\${CURRENT_YEAR}-\${CURRENT_MONTH}-\${CURRENT_DATE} 18:00}`;
    else if (field.type === 'date') value = `\${${stop++}:\${CURRENT_YEAR}-\${CURRENT_MONTH}-\${CURRENT_DATE}}`;
    else if (field.type === 'choice' && field.options) value = `\${${stop++}|${field.options.map((option) => option.value).join(',')}|}`;
    else value = `\${${stop++}}`;
    body.push(`${field.key}: ${value}  # ${literal(field.label[language])}${field.required ? ' *' : ''}`);
  }
  body.push('---', '');
  for (const section of template.sections) {
    body.push(`## ${literal(section.heading[language])}`, '');
    if (section.table) {
      body.push(`| ${section.table.map((column) => literal(column.label[language]) + (column.required ? ' *' : '')).join(' | ')} |`);
      body.push(`| ${section.table.map(() => '---').join(' | ')} |`);
      body.push(`| ${section.table.map((column) => `\${${stop++}:${literal(column.label[language])}}`).join(' | ')} |`, '');
    } else {
      body.push(`\${${stop++}:${literal(section.help[language])}}`, '');
    }
  }
  body.push('$0');
  return {
    prefix: language === 'en' ? `liaison-${template.kind}` : `liaison-${template.kind}-zh`,
    description: `Liaison: ${template.label[language]}`,
    body,
  };
}

/** Every template in both languages, keyed by snippet name, as a `.code-snippets` file holds them. */
export function allSnippets(templates: readonly TemplateSpec[] = builtInTemplates): Record<string, Snippet> {
  const snippets: Record<string, Snippet> = {};
  for (const template of templates) {
    for (const language of ['en', 'zh'] as const)
      snippets[`${template.label[language]} (${template.kind}, ${language})`] = templateSnippet(template, language);
  }
  return snippets;
}
