import MarkdownIt from 'markdown-it';

/**
 * Markdown to HTML for the record view. Raw HTML in records is never passed through
 * (`html: false`): a record is data written by other people, not trusted markup.
 */
export function createMarkdownRenderer(): (markdown: string) => string {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  return (markdown) => md.render(markdown);
}
