// Rules on the body's structure: required sections present and filled, no placeholder as a
// section, tables (action items, milestones, progress rows) filled row by row. The wording of its
// sentences is ./bodyRules.ts.
import type { DraftSection, ParsedDraft, TextRange } from '../draft';
import { draftSections, sectionLines } from '../draft';
import type { ColumnSpec, SectionSpec, TemplateSpec } from '../templates/types';
import { isDate, isDateTime, normalizeDate, normalizeDateTime, suggestedDeadline } from './dates';
import { recipientFindings, replaceFix } from './fieldRules';
import { findingAt } from './types';
import type { Finding, LintContext } from './types';
import { isPlaceholder, isVagueDeadline } from './vocabulary';

export interface TableCell {
  text: string;
  range: TextRange;
}

export interface TableRow {
  line: number;
  cells: TableCell[];
}

export interface SectionTable {
  headerLine: number;
  /** Header texts, `*` marks removed. */
  headers: string[];
  rows: TableRow[];
}

/** Splits a `| a | b |` line into cells with their columns; `\|` stays inside a cell. */
function splitRow(text: string, line: number): TableCell[] {
  const cells: TableCell[] = [];
  let start = text.indexOf('|');
  if (start < 0) return cells;
  for (let index = start + 1; index <= text.length; index++) {
    const atEnd = index === text.length;
    if (!atEnd && (text[index] !== '|' || text[index - 1] === '\\')) continue;
    const rawCell = text.slice(start + 1, index);
    if (atEnd && rawCell.trim() === '') break;
    const leading = rawCell.length - rawCell.trimStart().length;
    const value = rawCell.trim();
    cells.push({
      text: value.replace(/\\\|/g, '|'),
      range: { line, column: start + 1 + leading, endLine: line, endColumn: start + 1 + leading + value.length },
    });
    start = index;
  }
  return cells;
}

/** The first markdown table in a section, or undefined. */
export function sectionTable(section: DraftSection): SectionTable | undefined {
  const first = section.lines.findIndex((line) => line.trim().startsWith('|'));
  if (first < 0) return undefined;
  const headerLine = section.line + 1 + first;
  const headers = splitRow(section.lines[first], headerLine).map((cell) => cell.text.replace(/\s*\*$/, '').trim());
  const rows: TableRow[] = [];
  for (let index = first + 1; index < section.lines.length; index++) {
    const text = section.lines[index];
    if (!text.trim().startsWith('|')) break;
    if (/^\s*\|?\s*:?-{2,}/.test(text)) continue;
    const line = section.line + 1 + index;
    rows.push({ line, cells: splitRow(text, line) });
  }
  return { headerLine, headers, rows };
}

function columnIndex(table: SectionTable, column: ColumnSpec): number {
  const names = [column.key, column.label.zh, column.label.en].map((name) => name.toLowerCase());
  return table.headers.findIndex((header) => names.includes(header.toLowerCase()));
}

function findSection(spec: SectionSpec, sections: DraftSection[]): DraftSection | undefined {
  const names = [spec.heading.zh, spec.heading.en, spec.key].map((heading) => heading.toLowerCase());
  return sections.find((section) => names.includes(section.heading.toLowerCase()));
}

function cellFindings(spec: SectionSpec, column: ColumnSpec, cell: TableCell, ctx: LintContext): Finding[] {
  const zh = ctx.language === 'zh';
  const where = zh ? `“${spec.heading.zh}”表的“${column.label.zh}”列` : `Column "${column.label.en}" of the table "${spec.heading.en}"`;
  const text = cell.text;
  if (isPlaceholder(text)) {
    return [
      findingAt('placeholder-value', 'error', cell.range, {
        field: spec.key,
        message: zh ? `${where}写的是“${text}”，是占位词：写出实际内容。` : `${where} says "${text}", a placeholder: write the real value.`,
      }),
    ];
  }
  if (column.type === 'datetime' && !isDateTime(text)) {
    // Only a cell with a problem needs the suggested date-time (this runs for every row).
    const suggestion = suggestedDeadline(ctx.now, ctx.timeZone);
    if (isVagueDeadline(text)) {
      return [
        findingAt('vague-deadline', 'error', cell.range, {
          field: spec.key,
          message: zh
            ? `${where}写的是“${text}”，不是具体时间：写成 YYYY-MM-DD HH:mm。`
            : `${where} says "${text}", which is no time: write YYYY-MM-DD HH:mm.`,
          fixes: [replaceFix(zh ? `插入具体时间 ${suggestion}` : `Insert a date-time (${suggestion})`, cell.range, suggestion, true)],
        }),
      ];
    }
    const fixed = normalizeDateTime(text);
    return [
      findingAt('deadline-format', 'error', cell.range, {
        field: spec.key,
        message: zh
          ? `${where}的“${text}”不是具体时间：写成 YYYY-MM-DD HH:mm，如 ${fixed ?? suggestion}。`
          : `${where} has "${text}", not a concrete time: write YYYY-MM-DD HH:mm, e.g. ${fixed ?? suggestion}.`,
        fixes: [
          replaceFix(
            fixed
              ? zh
                ? `改写为 ${fixed}`
                : `Rewrite as ${fixed}`
              : zh
                ? `插入具体时间 ${suggestion}`
                : `Insert a date-time (${suggestion})`,
            cell.range,
            fixed ?? suggestion,
            true,
          ),
        ],
      }),
    ];
  }
  if (column.type === 'date' && !isDate(text)) {
    const fixed = normalizeDate(text);
    return [
      findingAt('date-format', 'error', cell.range, {
        field: spec.key,
        message: zh ? `${where}的“${text}”不是日期：写成 YYYY-MM-DD。` : `${where} has "${text}", not a date: write YYYY-MM-DD.`,
        fixes: fixed ? [replaceFix(zh ? `改写为 ${fixed}` : `Rewrite as ${fixed}`, cell.range, fixed, true)] : [],
      }),
    ];
  }
  if (column.type === 'person') {
    // A cell is plain text, so a fix writes the bare name (no YAML quoting).
    return recipientFindings(text, cell.range, ctx, where, spec.key).map((finding) => ({
      ...finding,
      fixes: finding.fixes?.map((fix) => ({
        ...fix,
        edits: fix.edits.map((edit) => ({ ...edit, newText: edit.newText.replace(/^"(.*)"$/, '$1') })),
      })),
    }));
  }
  return [];
}

function tableFindings(spec: SectionSpec & { table: readonly ColumnSpec[] }, section: DraftSection, ctx: LintContext): Finding[] {
  const zh = ctx.language === 'zh';
  const table = sectionTable(section);
  const heading = `## ${spec.heading[ctx.language]}`;
  const labels = spec.table.map((column) => column.label[ctx.language]);
  const skeleton = sectionLines(spec, ctx.language).filter((line) => line.startsWith('|'));
  if (!table) {
    if (!spec.required && section.content === '') return [];
    return [
      findingAt('table-missing', 'error', section.line, {
        field: spec.key,
        message: zh
          ? `段落 ${heading} 需要一个表格，列为：${labels.join('、')}。`
          : `Section ${heading} needs a table with the columns ${labels.join(', ')}.`,
        fixes: [
          {
            title: zh ? '插入表格' : 'Insert the table',
            preferred: true,
            edits: [
              {
                range: { line: section.line + 1, column: 0, endLine: section.line + 1, endColumn: 0 },
                newText: `\n${skeleton.join('\n')}\n`,
              },
            ],
          },
        ],
      }),
    ];
  }
  const findings: Finding[] = [];
  const missing = spec.table.filter((column) => column.required && columnIndex(table, column) < 0);
  if (missing.length > 0) {
    findings.push(
      findingAt('table-columns', 'error', table.headerLine, {
        field: spec.key,
        message: zh
          ? `${heading} 的表格缺少列：${missing.map((column) => column.label.zh).join('、')}。表头应为：${labels.join(' | ')}。`
          : `The table of ${heading} lacks the column(s) ${missing.map((column) => column.label.en).join(', ')}. The header should be: ${labels.join(' | ')}.`,
      }),
    );
    return findings;
  }
  const filled = table.rows.filter((row) => row.cells.some((cell) => cell.text !== ''));
  if (filled.length === 0 && spec.required) {
    findings.push(
      findingAt('required-section', 'error', table.rows[0]?.line ?? table.headerLine, {
        field: spec.key,
        message: zh
          ? `${heading} 的表格还没有内容：至少填写一行（${labels.join('、')}）。`
          : `The table of ${heading} has no rows yet: fill in at least one (${labels.join(', ')}).`,
      }),
    );
  }
  // Where each column is, worked out once per table rather than once per row.
  const indexes = spec.table.map((column) => columnIndex(table, column));
  for (const row of filled) {
    for (const [position, column] of spec.table.entries()) {
      const index = indexes[position];
      const cell = row.cells[index];
      if (!cell || cell.text === '') {
        if (column.required) {
          findings.push({
            ruleId: 'table-cell',
            severity: 'error',
            line: row.line,
            range: cell?.range,
            field: spec.key,
            message: zh
              ? `${heading} 第 ${row.line + 1} 行的“${column.label.zh}”为空：每行都要填写${column.label.zh}。`
              : `Row on line ${row.line + 1} of ${heading} has no ${column.label.en}: every row needs one.`,
          });
        }
        continue;
      }
      findings.push(...cellFindings(spec, column, cell, ctx));
    }
  }
  return findings;
}

export function sectionFindings(template: TemplateSpec, parsed: ParsedDraft, ctx: LintContext, documentLineCount: number): Finding[] {
  const zh = ctx.language === 'zh';
  const sections = draftSections(parsed);
  const findings: Finding[] = [];
  for (const spec of template.sections) {
    const found = findSection(spec, sections);
    const label = `## ${spec.heading[ctx.language]}`;
    if (!found) {
      if (!spec.required) continue;
      const end = { line: documentLineCount, column: 0, endLine: documentLineCount, endColumn: 0 };
      findings.push(
        findingAt('required-section', 'error', parsed.bodyLine, {
          field: spec.key,
          message: zh
            ? `缺少必填段落 ${label}：加上该标题并写明${spec.help.zh}。`
            : `Required section ${label} is missing: add the heading and say ${spec.help.en.toLowerCase()}.`,
          fixes: [
            {
              title: zh ? `添加段落 ${label}` : `Add the section ${label}`,
              preferred: true,
              edits: [{ range: end, newText: `\n${sectionLines(spec, ctx.language).join('\n')}\n` }],
            },
          ],
        }),
      );
      continue;
    }
    if (spec.table) {
      findings.push(...tableFindings({ ...spec, table: spec.table }, found, ctx));
      continue;
    }
    if (found.content === '') {
      if (spec.required) {
        findings.push(
          findingAt('required-section', 'error', found.line, {
            field: spec.key,
            message: zh
              ? `必填段落 ${label} 为空：写明${spec.help.zh}。`
              : `Required section ${label} is empty: say ${spec.help.en.toLowerCase()}.`,
          }),
        );
      }
    } else if (isPlaceholder(found.content)) {
      findings.push(
        findingAt('placeholder-value', 'error', found.line, {
          field: spec.key,
          message: zh
            ? `段落 ${label} 只写了“${found.content}”：写出实际内容，附件只作补充。`
            : `Section ${label} only says "${found.content}": write the content itself; attachments only support it.`,
        }),
      );
    }
  }
  return findings;
}
