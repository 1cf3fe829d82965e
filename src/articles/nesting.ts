// How deep Markdown nests its containers (block quotes and list items), counted line by line the way CommonMark opens
// and continues them, before any Markdown renderer sees the text: marked reads each container by calling itself, so
// text nested thousands deep ("- - - - … x" on one line, ">" thirty thousand times, a list indented two more spaces
// a line) exhausts the stack or the memory. Where marked reads differently from CommonMark (it carries "lazy" lines
// into a quote or list item more readily, and counts a tab's columns from where a container's content starts), the
// count follows marked; where the two cannot be told apart cheaply it errs on the deep side (a marker indented as code
// still counts; a fence hides its lines only when it surely is one). tests/unit/nesting.test.ts holds the count
// against marked's own reading of thousands of generated texts. One pass, no recursion, whatever the length of a line.

/** Deeper nesting of quotes and lists than this is refused. Articles and notes use two or three levels. */
export const MAX_NESTING = 40;

/** Where Markdown nests too deep: the 1-based line, and how deep that line nests. */
export interface DeepNesting {
  line: number;
  depth: number;
}

/** An open container: a block quote, or a list item whose content starts `padding` columns in. */
type Container = { kind: 'quote' } | { kind: 'item'; padding: number };

/** An open fenced code block (its lines are code, not Markdown structure). */
interface Fence {
  char: string;
  length: number;
}

/**
 * A line being read: the next character, and the column there. Columns count from where the innermost container's
 * content starts (marked reads each container's content as text of its own, so a tab reaches the next multiple of
 * four from there); `carry` is the columns of indentation left after a container took what it needed.
 */
interface Cursor {
  text: string;
  at: number;
  column: number;
  carry: number;
}

/**
 * What to say of Markdown nested `depth` deep: `what` may nest at most MAX_NESTING deep (`where`: "here", or a place).
 */
export function nestingMessage(depth: number, what: string, where = 'here'): string {
  return (
    `quotes or lists are nested ${depth} deep ${where}; ${what} may nest them at most ` +
    `${MAX_NESTING} deep. Take out the extra ">", list markers or indentation.`
  );
}

/**
 * What to say when marked fails on Markdown anyway: emphasis nested hundreds deep ("*a *b *c …") exhausts its stack
 * too, and it fails on a few odd texts by itself; its own message ("Please report this to …") is no help to a reader.
 */
export function unreadableMarkdown(error: unknown): string {
  return error instanceof RangeError
    ? 'the Markdown is nested too deeply to read: quotes, lists or emphasis ("*", "_") hundreds of ' +
        'levels inside one another. Take out the extra levels.'
    : 'the Markdown could not be read: the Markdown reader stopped on it. Look for unusual runs of ' +
        '"*", "_", ">", list markers or indentation, and simplify them.';
}

/** Where Markdown nests quotes and lists deeper than `limit`, or undefined when it never does. */
export function tooDeeplyNested(markdown: string, limit = MAX_NESTING): DeepNesting | undefined {
  let open: Container[] = [];
  let fence: Fence | undefined;
  let afterText = false;
  let emptyItem: Container | undefined;
  const lines = markdown.split('\n');
  for (const [index, raw] of lines.entries()) {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // A fenced block's lines are code while they carry on every container around it, each quote by its ">".
    if (fence) {
      emptyItem = undefined;
      const inside = cursorAt(text);
      if (continueContainers(open, inside, { lazy: false }).matched === open.length) {
        if (closesFence(inside, fence)) fence = undefined;
        afterText = !isBlank(inside);
        continue;
      }
      fence = undefined;
    }
    const cursor = cursorAt(text);
    const blank = isBlank(cursor);
    const { matched, sure } = continueContainers(open, cursor, { lazy: afterText, emptyItem });
    open = open.slice(0, matched);
    const opened = openContainers(cursor, open, limit - matched, { sure, afterText });
    if (matched + opened.count > limit) return { line: index + 1, depth: matched + opened.count };
    const last = open.at(-1);
    emptyItem = opened.count > 0 && last?.kind === 'item' && isBlank(cursor) ? last : undefined;
    fence = opened.fence;
    afterText = !blank;
  }
  return undefined;
}

function cursorAt(text: string): Cursor {
  return { text, at: 0, column: 0, carry: 0 };
}

/**
 * Continue the open containers the line carries on, and say how many, and whether each surely is (strictly, as
 * CommonMark reads them): a quote by its ">", a list item by its indentation (an item whose first line was empty, only
 * by indentation). When `lazy`, a line right after text carries on the containers it does not mark, unless it starts
 * a block of its own: marked reads such a line into the innermost container, where it may open containers of its own.
 */
function continueContainers(
  open: readonly Container[],
  cursor: Cursor,
  { lazy, emptyItem }: { lazy: boolean; emptyItem?: Container | undefined },
): { matched: number; sure: boolean } {
  const blank = isBlank(cursor);
  let sure = true;
  for (const [index, container] of open.entries()) {
    const indent = indentation(cursor);
    if (container.kind === 'quote' && indent.columns < 4 && cursor.text[indent.end] === '>') {
      takeQuoteMarker(cursor);
    } else if (container.kind === 'item' && (blank ? container !== emptyItem : indent.columns >= container.padding)) {
      if (!blank) takeColumns(cursor, container.padding);
      cursor.column = 0;
    } else if (lazy && !blank && container !== emptyItem && !startsBlock(cursor)) {
      sure = false;
    } else {
      return { matched: index, sure };
    }
  }
  return { matched: open.length, sure };
}

/**
 * Open the containers the rest of the line starts, one inside the other (`> - 1. x` opens three), onto `open` while
 * there is room under the limit, counting the rest; and say whether the line then opens a fenced code block. A marker
 * indented four columns or more is code in CommonMark, but counted all the same; a fence is only taken for one when
 * every container before it on the line surely is one (else it could hide what marked reads as Markdown).
 */
function openContainers(
  cursor: Cursor,
  open: Container[],
  room: number,
  line: { sure: boolean; afterText: boolean },
): { count: number; fence: Fence | undefined } {
  const rule = thematicBreakSpan(cursor.text);
  let { sure } = line;
  let count = 0;
  for (;;) {
    const indent = indentation(cursor);
    const at = indent.end;
    let container: Container;
    if (cursor.text[at] === '>') {
      takeQuoteMarker(cursor);
      container = { kind: 'quote' };
    } else if (at >= rule.from && at <= rule.to) {
      break; // "* * *" is a line across the page, not three list items
    } else {
      const marker = listMarkerLength(cursor.text, at);
      if (marker === 0) return { count, fence: sure && indent.columns < 4 ? fenceOpening(cursor.text, at) : undefined };
      container = { kind: 'item', padding: takeItemMarker(cursor, marker) };
      // Right after text, a list item may be that text's next line (marked lets only "1." or a bullet and text
      // interrupt).
      sure &&= count > 0 || !line.afterText;
    }
    sure &&= indent.columns < 4;
    count += 1;
    if (count <= room) open.push(container);
  }
  return { count, fence: undefined };
}

/** Whether the rest of the line starts a block of its own: a quote, a list item, a rule, a fence, a heading. */
function startsBlock(cursor: Cursor): boolean {
  const indent = indentation(cursor);
  if (indent.columns >= 4) return false;
  const at = indent.end;
  const rule = thematicBreakSpan(cursor.text);
  return (
    listMarkerLength(cursor.text, at) > 0 ||
    (at >= rule.from && at <= rule.to) ||
    /^(?:>|`{3}|~{3}|#{1,6}(?:[ \t]|$))/.test(cursor.text.slice(at, at + 7))
  );
}

/**
 * The width of a list marker at `at` ("-", "+", "*", or up to nine digits and "." or ")"), followed by a space or the
 * end; 0 when there is none.
 */
function listMarkerLength(text: string, at: number): number {
  const char = text[at] ?? '';
  let end = at;
  if (char === '-' || char === '+' || char === '*') end = at + 1;
  else {
    while (end < text.length && end - at < 10 && isDigit(text[end])) end += 1;
    if (end === at || end - at > 9 || (text[end] !== '.' && text[end] !== ')')) return 0;
    end += 1;
  }
  return end === text.length || isSpace(text[end]) ? end - at : 0;
}

/**
 * Take the indentation and a list marker `width` characters wide, and the spaces after it up to the item's content
 * (one, when the rest is blank or indented as code); returns the item's padding, the columns its content starts at.
 */
function takeItemMarker(cursor: Cursor, width: number): number {
  takeIndentation(cursor);
  cursor.at += width;
  cursor.column += width;
  const spacing = indentation(cursor).columns;
  const padding = cursor.column + (isBlank(cursor) || spacing > 4 ? 1 : spacing);
  takeColumns(cursor, padding - cursor.column);
  cursor.column = 0;
  return padding;
}

/**
 * Take the indentation, a quote's ">" and the space after it. A tab right after ">" is read as spaces where it stands
 * (one of which is the marker's); then the quote's content starts.
 */
function takeQuoteMarker(cursor: Cursor): void {
  takeIndentation(cursor);
  cursor.at += 1;
  cursor.column += 1;
  if (cursor.text[cursor.at] === '\t') {
    const after = indentation(cursor);
    cursor.carry = after.columns - 1;
    cursor.at = after.end;
  } else if (cursor.text[cursor.at] === ' ') {
    cursor.at += 1;
  }
  cursor.column = 0;
}

/**
 * Where the line is a thematic break ("---", "* * *", "_ _ _") from any start in [from, to]: the end of the line holds
 * only one of "-", "*", "_", three times or more, and spaces. Found once a line, so that a long line costs no more.
 */
function thematicBreakSpan(text: string): { from: number; to: number } {
  let end = text.length - 1;
  while (end >= 0 && isSpace(text[end])) end -= 1;
  const char = text[end];
  if (char !== '-' && char !== '*' && char !== '_') return { from: 1, to: 0 };
  let from = end;
  let seen = 0;
  let to = -1;
  for (let index = end; index >= 0 && (text[index] === char || isSpace(text[index])); index -= 1) {
    from = index;
    if (text[index] !== char) continue;
    seen += 1;
    if (seen === 3) to = index;
  }
  return { from, to };
}

/** The fenced code block a line opens at `at` ("```" or "~~~", three or more), or undefined. */
function fenceOpening(text: string, at: number): Fence | undefined {
  const char = text[at];
  if (char !== '`' && char !== '~') return undefined;
  let end = at;
  while (text[end] === char) end += 1;
  if (end - at < 3) return undefined;
  // A backtick fence's info string holds no backtick (else it is inline code).
  if (char === '`' && text.includes('`', end)) return undefined;
  return { char, length: end - at };
}

/**
 * Whether the rest of the line closes the fence: indented less than four columns, its character at least as many times,
 * then only spaces.
 */
function closesFence(cursor: Cursor, fence: Fence): boolean {
  const indent = indentation(cursor);
  if (indent.columns >= 4) return false;
  let at = indent.end;
  while (cursor.text[at] === fence.char) at += 1;
  if (at - indent.end < fence.length) return false;
  while (at < cursor.text.length) if (!isSpace(cursor.text[at++])) return false;
  return true;
}

/** The indentation at the cursor: the columns it fills (a tab to the next multiple of four), and where it ends. */
function indentation(cursor: Cursor): { columns: number; end: number } {
  let at = cursor.at;
  let column = cursor.column + cursor.carry;
  for (; isSpace(cursor.text[at]); at += 1) column += cursor.text[at] === '\t' ? 4 - (column % 4) : 1;
  return { columns: column - cursor.column, end: at };
}

/** Take all the indentation at the cursor. */
function takeIndentation(cursor: Cursor): void {
  const indent = indentation(cursor);
  cursor.column += indent.columns;
  cursor.at = indent.end;
  cursor.carry = 0;
}

/**
 * Take `columns` columns of the indentation; the rest of it is carried as spaces (marked reads a tab there as spaces).
 */
function takeColumns(cursor: Cursor, columns: number): void {
  const indent = indentation(cursor);
  cursor.carry = Math.max(indent.columns - columns, 0);
  cursor.at = indent.end;
  cursor.column += columns;
}

function isBlank(cursor: Cursor): boolean {
  for (let at = cursor.at; at < cursor.text.length; at += 1) if (!isSpace(cursor.text[at])) return false;
  return true;
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}
