/** Text as a person reads it on the page, for editors and read views alike. */

const BLOCK = /^(DIV|P|LI|UL|OL|BLOCKQUOTE|PRE|H[1-6]|TABLE|TR|SECTION|ARTICLE|HEADER|FOOTER)$/;

/**
 * The text of an editor as a person reads it: a block starts a line, a <br> ends one, and the
 * placeholder <br> of an empty block is one empty line. (innerText counts `<div><br></div>` twice.)
 */
export function bodyText(body: HTMLElement): string {
  const lines: string[] = [];
  let current = '';
  let open = false; // whether `current` holds a line that has begun
  const endLine = () => {
    lines.push(current);
    current = '';
    open = false;
  };
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const parts = (node.nodeValue ?? '').replace(/\u00a0/g, ' ').split('\n');
      parts.forEach((part, index) => {
        if (index > 0) endLine();
        current += part;
        if (part) open = true;
      });
      return;
    }
    if (!(node instanceof Element)) return;
    if (node.tagName === 'BR') {
      endLine();
      return;
    }
    const block = BLOCK.test(node.tagName);
    if (block && open) endLine();
    node.childNodes.forEach(walk);
    if (block && open) endLine();
  };
  body.childNodes.forEach(walk);
  if (open) endLine();
  return lines.join('\n');
}
