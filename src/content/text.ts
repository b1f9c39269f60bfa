/** Text as a person reads it on the page, for editors and read views alike. */

const BLOCK = /^(DIV|P|LI|UL|OL|BLOCKQUOTE|PRE|H[1-6]|TABLE|TR|SECTION|ARTICLE|HEADER|FOOTER)$/;

/** A run of the text that came from one text node. */
interface Segment {
  /** Offset of the run in the whole text. */
  at: number;
  node: Text;
  /** Offset of the run in the node's own text. */
  from: number;
  length: number;
}

export interface DomPosition {
  node: Node;
  offset: number;
}

/** The text of an element, and where each of its characters sits in the DOM. */
export interface MappedText {
  text: string;
  /** The DOM position of the character at `offset`, or just after the one before it when `side` is 'end'. */
  position(offset: number, side: 'start' | 'end'): DomPosition | null;
}

function walkText(body: HTMLElement, segments: Segment[] | null): string {
  const lines: string[] = [];
  let length = 0; // of the lines ended so far, with their line breaks
  let current = '';
  let open = false; // whether `current` holds a line that has begun
  const endLine = () => {
    lines.push(current);
    length += current.length + 1;
    current = '';
    open = false;
  };
  const addPart = (node: Text, part: string, from: number) => {
    if (!part) return;
    if (segments) segments.push({ at: length + current.length, node, from, length: part.length });
    current += part;
    open = true;
  };
  // Few calls into the DOM per node and no copies of a text without line breaks: an editor may
  // hold a hundred thousand lines of armor.
  const walk = (node: Node) => {
    const type = node.nodeType;
    if (type === Node.TEXT_NODE) {
      let value = (node as Text).data;
      if (value.includes('\u00a0')) value = value.replace(/\u00a0/g, ' ');
      if (!value.includes('\n')) return addPart(node as Text, value, 0);
      let from = 0;
      value.split('\n').forEach((part, index) => {
        if (index > 0) endLine();
        addPart(node as Text, part, from);
        from += part.length + 1;
      });
      return;
    }
    if (type !== Node.ELEMENT_NODE) return;
    const tag = (node as Element).tagName;
    if (tag === 'BR') {
      endLine();
      return;
    }
    const block = BLOCK.test(tag);
    if (block && open) endLine();
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
    if (block && open) endLine();
  };
  for (let child = body.firstChild; child; child = child.nextSibling) walk(child);
  if (open) endLine();
  return lines.join('\n');
}

/**
 * The text of an editor as a person reads it: a block starts a line, a <br> ends one, and the
 * placeholder <br> of an empty block is one empty line. (innerText counts `<div><br></div>` twice.)
 */
export function bodyText(body: HTMLElement): string {
  return walkText(body, null);
}

/** `bodyText`, with the way back from an offset in it to the text node it came from. */
export function mappedBodyText(body: HTMLElement): MappedText {
  const segments: Segment[] = [];
  const text = walkText(body, segments);
  const position = (offset: number, side: 'start' | 'end'): DomPosition | null => {
    // The first segment that ends after the offset (or at it, for an end).
    let low = 0;
    let high = segments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const segment = segments[middle]!;
      const segmentEnd = segment.at + segment.length;
      if (side === 'start' ? segmentEnd <= offset : segmentEnd < offset) low = middle + 1;
      else high = middle;
    }
    if (side === 'start') {
      const segment = segments[low];
      if (!segment) return null;
      return { node: segment.node, offset: segment.from + Math.max(offset - segment.at, 0) };
    }
    const segment = segments[low] && segments[low]!.at < offset ? segments[low]! : segments[low - 1];
    if (!segment) return null;
    return { node: segment.node, offset: segment.from + Math.min(offset - segment.at, segment.length) };
  };
  return { text, position };
}
