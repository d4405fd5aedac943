// DOM building for the report page: elements from tag, props and children (text is always text,
// never markup), and the visually hidden tables that say what a chart shows.
export type Child = Node | string | undefined;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) if (child !== undefined) element.append(child);
  return element;
}

/** A visually hidden table: what a chart shows, for screen readers. */
export function dataTable(caption: string, head: string[], rows: string[][]): HTMLTableElement {
  return el(
    'table',
    { className: 'sr-only' },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, ...head.map((cell) => el('th', { text: cell, attrs: { scope: 'col' } })))),
    el(
      'tbody',
      {},
      ...rows.map((row) =>
        el(
          'tr',
          {},
          ...row.map((cell, index) => (index === 0 ? el('th', { text: cell, attrs: { scope: 'row' } }) : el('td', { text: cell }))),
        ),
      ),
    ),
  );
}
