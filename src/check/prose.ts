// The article's prose, taken from the Markdown syntax tree (mdast) with every character mapped back to its place in
// the file, so that findings can say line:column.
//
// What counts, and how:
//   - paragraphs (also inside quotes and callouts): prose, split into sentences;
//   - list items: prose, and each item ends a sentence even without a full stop ("- Rest for a few days");
//   - headings and table cells: not prose (short labels and fragments would make the grade look easier than the
//     text is), so they are left out of the reading grade, but still checked for jargon;
//   - code, inline code, HTML, images and web addresses are left out altogether; a link's own words count.
import type { Nodes, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

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

/** The Markdown syntax tree of an article body (GitHub-flavoured: tables, task lists, autolinks). */
export function parseMarkdown(body: string): Root {
  return fromMarkdown(body, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Every segment of text in the body, in reading order. */
export function proseSegments(tree: Root): Segment[] {
  const segments: Segment[] = [];
  const visitBlock = (node: RootContent, inList: boolean): void => {
    switch (node.type) {
      case 'paragraph':
        push(segments, inList ? 'list-item' : 'paragraph', node);
        return;
      case 'heading': {
        const segment = push(segments, 'heading', node);
        if (segment) segment.depth = node.depth;
        return;
      }
      case 'blockquote':
        for (const child of node.children) visitBlock(child, inList);
        return;
      case 'list':
        for (const item of node.children) for (const child of item.children) visitBlock(child, true);
        return;
      case 'table':
        for (const row of node.children) for (const cell of row.children) push(segments, 'table-cell', cell);
        return;
      default:
        return; // code, html, thematic breaks, definitions
    }
  };
  for (const node of tree.children) visitBlock(node, false);
  return segments;
}

function push(segments: Segment[], kind: SegmentKind, node: Nodes): Segment | undefined {
  const segment: Segment = { kind, text: '', offsets: [] };
  collectText(node, segment);
  stripAlertMarker(segment);
  removeUrls(segment);
  if (segment.text.trim() === '') return undefined;
  segments.push(segment);
  return segment;
}

/** Append the readable text under `node`, with each character's source offset. */
function collectText(node: Nodes, segment: Segment): void {
  if (node.type === 'text') {
    const start = node.position?.start.offset ?? 0;
    for (let index = 0; index < node.value.length; index += 1) {
      segment.text += node.value[index];
      segment.offsets.push(start + index);
    }
    return;
  }
  if (node.type === 'break') {
    segment.text += ' ';
    segment.offsets.push(node.position?.start.offset ?? 0);
    return;
  }
  if (node.type === 'inlineCode' || node.type === 'code' || node.type === 'html' || node.type === 'image' || node.type === 'imageReference') return;
  if ('children' in node) for (const child of node.children) collectText(child as Nodes, segment);
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

/** Relative links in the body (to other articles and files), with their source offsets. */
export function localLinks(tree: Root): { url: string; offset: number }[] {
  const links: { url: string; offset: number }[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'link' && !/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(node.url)) links.push({ url: node.url, offset: node.position?.start.offset ?? 0 });
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return links;
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
