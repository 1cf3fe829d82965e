// The article's prose, taken from the same `marked` tokens the renderer and the image check read (one parser for
// every step), with every character mapped back to its place in the file, so that findings can say line:column.
//
// What counts, and how:
//   - paragraphs (also inside quotes and callouts): prose, split into sentences;
//   - list items: prose, and each item ends a sentence even without a full stop ("- Rest for a few days");
//   - headings and table cells: not prose (short labels and fragments would make the grade look easier than the
//     text is), so they are left out of the reading grade, but still checked for jargon;
//   - code, inline code, HTML, images and web addresses are left out altogether; a link's own words count.
//
// marked gives each token its source text (`raw`) but not its place. Tokens come in the order of the file, so each is
// found by searching forward from where the last one ended; a token inside a quote or a list is found line by line,
// since its raw text has lost the "> " or the indentation that starts each of its lines in the file.
import { decodeHTML } from 'entities';
import { Lexer, type Token, type Tokens } from 'marked';

export type SegmentKind = 'paragraph' | 'list-item' | 'heading' | 'table-cell';

/** One run of text: a paragraph, a list item's paragraph, a heading or a table cell. */
export interface Segment {
  kind: SegmentKind;
  text: string;
  /** For each character of `text`, its offset in the Markdown body. */
  offsets: number[];
  /** Heading depth, for headings. */
  depth?: number;
}

/** A web address in running text, left out of the prose. */
const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+/gi;

/** An HTML character reference ("&amp;", "&#39;"), read as the character it stands for. */
const ENTITY = /^&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;

/** The block tokens of an article body (GitHub-flavoured: tables, task lists, autolinks). */
export function lexMarkdown(body: string): Token[] {
  return new Lexer({ gfm: true }).lex(body);
}

/** Every segment of text in `body`, in reading order; `tokens` are its tokens, when they were lexed already. */
export function proseSegments(body: string, tokens: readonly Token[] = lexMarkdown(body)): Segment[] {
  return new ProseReader(body).read(tokens);
}

/** Walks the tokens of one body, keeping the offset in the body up to which tokens have been found. */
class ProseReader {
  readonly #body: string;
  readonly #segments: Segment[] = [];
  #cursor = 0;

  constructor(body: string) {
    this.#body = body;
  }

  read(tokens: readonly Token[]): Segment[] {
    let offset = 0;
    for (const token of tokens) {
      // Top-level tokens follow one another exactly: each starts where the one before ended.
      this.#cursor = offset;
      this.#block(token, false);
      offset += token.raw.length;
    }
    return this.#segments;
  }

  #block(token: Token, inList: boolean): void {
    switch (token.type) {
      case 'paragraph':
        this.#push(inList ? 'list-item' : 'paragraph', (token as Tokens.Paragraph).tokens);
        return;
      case 'text':
        // The text of a tight list item is a paragraph of its own.
        if ('tokens' in token && token.tokens) this.#push(inList ? 'list-item' : 'paragraph', token.tokens);
        else this.#skip(token.raw);
        return;
      case 'heading': {
        const segment = this.#push('heading', (token as Tokens.Heading).tokens);
        if (segment) segment.depth = (token as Tokens.Heading).depth;
        return;
      }
      case 'blockquote':
        for (const child of (token as Tokens.Blockquote).tokens) this.#block(child, inList);
        return;
      case 'list':
        for (const item of (token as Tokens.List).items) for (const child of item.tokens) this.#block(child, true);
        return;
      case 'table': {
        const table = token as Tokens.Table;
        for (const row of [table.header, ...table.rows]) for (const cell of row) this.#push('table-cell', cell.tokens);
        return;
      }
      default:
        this.#skip(token.raw); // code, html, thematic breaks, definitions, task boxes, space
    }
  }

  #push(kind: SegmentKind, tokens: readonly Token[]): Segment | undefined {
    const segment: Segment = { kind, text: '', offsets: [] };
    for (const token of tokens) this.#inline(token, segment);
    stripAlertMarker(segment);
    removeUrls(segment);
    if (segment.text.trim() === '') return undefined;
    this.#segments.push(segment);
    return segment;
  }

  /** Append the readable text of an inline token, with each character's offset. */
  #inline(token: Token, segment: Segment): void {
    switch (token.type) {
      case 'text':
        if ('tokens' in token && token.tokens) for (const child of token.tokens) this.#inline(child, segment);
        else this.#text(token.raw, segment);
        return;
      case 'escape': {
        const at = this.#find(token.raw);
        append(segment, (token as Tokens.Escape).text, at + 1);
        return;
      }
      case 'br':
        append(segment, ' ', this.#find(token.raw.split('\n')[0] ?? ''));
        this.#cursor += 1;
        return;
      case 'strong':
      case 'em':
      case 'del':
      case 'link': {
        const start = this.#find(firstLine(token.raw), { advance: false });
        for (const child of (token as Tokens.Strong).tokens ?? []) this.#inline(child, segment);
        this.#endOf(token.raw, start);
        return;
      }
      default:
        this.#skip(token.raw); // inline code, images, HTML, task boxes
    }
  }

  /** Text as written: each line found in the body, character references read as their characters. */
  #text(raw: string, segment: Segment): void {
    raw.split('\n').forEach((line, index) => {
      if (index > 0) append(segment, '\n', this.#cursor);
      if (line === '') return;
      const start = this.#find(line, { advance: false });
      for (let index = 0; index < line.length; index += 1) {
        const entity = line[index] === '&' ? ENTITY.exec(line.slice(index)) : null;
        if (entity) {
          append(segment, decodeHTML(entity[0]), start + index);
          index += entity[0].length - 1;
        } else {
          append(segment, line[index] ?? '', start + index);
        }
      }
      this.#cursor = start + line.length;
    });
  }

  /** Move past text that is not prose, line by line. */
  #skip(raw: string): void {
    for (const line of raw.split('\n')) if (line.trim() !== '') this.#find(line.trim());
  }

  /** Move past the end of a token that started at `start`, once its children have been read. */
  #endOf(raw: string, start: number): void {
    const lines = raw.split('\n');
    if (lines.length === 1) {
      this.#cursor = Math.max(this.#cursor, start + raw.length);
      return;
    }
    const last = (lines.at(-1) ?? '').trim();
    if (last) this.#find(last, { from: Math.max(start, this.#cursor - last.length) });
  }

  /**
   * The offset of `text` at or after the cursor (the cursor itself when it is not found); moves past it unless told not
   * to.
   */
  #find(text: string, { advance = true, from = this.#cursor }: { advance?: boolean; from?: number } = {}): number {
    const found = this.#body.indexOf(text, from);
    const at = found >= 0 ? found : this.#cursor;
    if (advance && found >= 0) this.#cursor = Math.max(this.#cursor, found + text.length);
    return at;
  }
}

function append(segment: Segment, text: string, offset: number): void {
  for (const character of text) {
    segment.text += character;
    for (let unit = 0; unit < character.length; unit += 1) segment.offsets.push(offset);
  }
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}

/** A GitHub alert's "[!TIP]" marker is not prose. */
function stripAlertMarker(segment: Segment): void {
  const marker = /^\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/i.exec(segment.text);
  if (marker) {
    segment.text = segment.text.slice(marker[0].length);
    segment.offsets = segment.offsets.slice(marker[0].length);
  }
}

function removeUrls(segment: Segment): void {
  let text = '';
  const offsets: number[] = [];
  let last = 0;
  for (const match of segment.text.matchAll(URL_PATTERN)) {
    text += segment.text.slice(last, match.index);
    offsets.push(...segment.offsets.slice(last, match.index));
    last = match.index + match[0].length;
  }
  text += segment.text.slice(last);
  offsets.push(...segment.offsets.slice(last));
  segment.text = text;
  segment.offsets = offsets;
}

/** Line and column (both 1-based) of an offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index += 1) {
    if (text[index] === '\n') {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
