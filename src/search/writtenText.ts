// The text a person wrote in a record's markdown body, as prose for the index and its previews:
// what the template put there (section headings, table headers with their `*` marks, `| --- |`
// rows, empty rows, help comments) is dropped; list marks, quote marks and emphasis go; a table
// row becomes its filled cells joined by " · ". Lines stay lines.

const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const HEADING = /^\s{0,3}#{1,6}(?:\s|$)/;
const RULE = /^\s{0,3}(?:[-*_]\s*){3,}$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const FENCE = /^\s{0,3}(?:```|~~~)/;
const LIST_MARK = /^\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,3}[.)]\s+|>\s?)+/;
const EMPHASIS = /\*\*|__|`/g;

function isTableRow(line: string): boolean {
  return /^\s*\|/.test(line);
}

/** The cells of a `| a | b |` row (`\|` stays inside a cell), trimmed. */
function cells(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, '|').trim());
}

/** Prose of a markdown body: see the top of this file. */
export function writtenText(markdown: string): string {
  const lines = markdown.replace(COMMENT, '').split(/\r?\n/);
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '' || HEADING.test(line) || RULE.test(line) || FENCE.test(line)) continue;
    if (isTableRow(line)) {
      // A header is the row just above a separator; the separator itself says nothing.
      if (TABLE_SEPARATOR.test(line) || TABLE_SEPARATOR.test(lines[index + 1] ?? '')) continue;
      const filled = cells(line)
        .map((cell) => cell.replace(EMPHASIS, ''))
        .filter((cell) => cell !== '');
      if (filled.length > 0) out.push(filled.join(' · '));
      continue;
    }
    const text = line.replace(LIST_MARK, '').replace(EMPHASIS, '').trim();
    if (text !== '') out.push(text);
  }
  return out.join('\n');
}
