// What PDF/UA-1 asks of a leaflet that Chromium leaves out, added in the incremental update that carries the metadata:
// the page footer (and any other drawing outside the structure tree) marked as an artifact, a description on each
// link annotation, and, only when the checks below hold, the XMP metadata that claims PDF/UA-1 (pdfuaid:part 1).
// The checks read the structure tree Chromium wrote: headings from H1 without skipping a level, alt text on every
// figure, the document's language, and every page's drawing tagged or marked as an artifact.
import { deflateSync, inflateSync } from 'node:zlib';
import { escapeUTF8 } from 'entities';

/** One object of the file, as a new version for the incremental update. */
export type PdfObject = [number, string];

/** The objects to write again, and whether the file may claim PDF/UA-1 (and if not, why not). */
export interface AccessibilityUpdate {
  objects: PdfObject[];
  problems: string[];
}

/** Operators that draw, or build a path to draw: drawn outside a tagged sequence, they must be marked as artifacts. */
const DRAWING = new Set([
  'm',
  'l',
  'c',
  'v',
  'y',
  'h',
  're',
  'f',
  'F',
  'f*',
  'B',
  'B*',
  'b',
  'b*',
  'S',
  's',
  'n',
  'W',
  'W*',
  'sh',
  'Do',
  'Tj',
  'TJ',
  "'",
  '"',
]);
/** Operators before which an artifact opened here is closed: tagged sequences, and text and graphics-state nesting. */
const CLOSES_ARTIFACT = new Set(['BDC', 'BMC', 'EMC', 'BT', 'ET', 'q', 'Q']);

/** Whether a character code ends a PDF token: white space or a delimiter, `( ) < > [ ] { } / %` (PDF 1.7, 7.2.2). */
function endsToken(code: number): boolean {
  return (
    code <= 32 ||
    code === 40 ||
    code === 41 ||
    code === 60 ||
    code === 62 ||
    code === 91 ||
    code === 93 ||
    code === 123 ||
    code === 125 ||
    code === 47 ||
    code === 37
  );
}

/**
 * A content stream's operators, each with where its first operand starts, read by PDF's own lexical rules: strings,
 * hexadecimal strings, dictionaries, names, arrays, and regular tokens, of which those starting with a letter or a
 * quote are operators. Undefined for an inline image, whose raw bytes this reader does not walk (Chromium never writes
 * one). A scanner by character code: a page's drawing is tens of kilobytes, and a tokenising regular expression took a
 * fifth of the build's own time per leaflet.
 */
function operations(content: string): { operator: string; start: number }[] | undefined {
  const ops: { operator: string; start: number }[] = [];
  const length = content.length;
  let operandStart = -1;
  let dictDepth = 0;
  let at = 0;
  while (at < length) {
    const code = content.charCodeAt(at);
    if (code <= 32) {
      at += 1;
      continue;
    }
    if (code === 37) {
      // A comment, to the end of the line.
      while (at < length && content.charCodeAt(at) !== 10 && content.charCodeAt(at) !== 13) at += 1;
      continue;
    }
    const start = at;
    if (code === 40) {
      // A literal string: balanced parentheses, backslash escapes.
      let depth = 0;
      do {
        const inner = content.charCodeAt(at);
        if (inner === 92) at += 1;
        else if (inner === 40) depth += 1;
        else if (inner === 41) depth -= 1;
        at += 1;
      } while (at < length && depth > 0);
    } else if (code === 60 && content.charCodeAt(at + 1) === 60) {
      dictDepth += 1;
      at += 2;
    } else if (code === 62 && content.charCodeAt(at + 1) === 62) {
      dictDepth -= 1;
      at += 2;
    } else if (code === 60) {
      const close = content.indexOf('>', at);
      at = close < 0 ? length : close + 1;
    } else if (code === 47) {
      at += 1;
      while (at < length && !endsToken(content.charCodeAt(at))) at += 1;
    } else if (endsToken(code)) {
      at += 1;
    } else {
      while (at < length && !endsToken(content.charCodeAt(at))) at += 1;
      const isOperator = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 39 || code === 34;
      if (isOperator && dictDepth <= 0) {
        const operator = content.slice(start, at);
        if (operator === 'BI') return undefined;
        ops.push({ operator, start: operandStart < 0 ? start : operandStart });
        operandStart = -1;
        continue;
      }
    }
    if (operandStart < 0) operandStart = start;
  }
  return ops;
}

/**
 * The content stream with every drawing outside a marked-content sequence wrapped in `/Artifact BMC … EMC`, or
 * undefined when it cannot be read. Artifacts are closed before anything that nests (text objects, graphics states,
 * tagged sequences), so that every sequence stays properly nested.
 */
export function markArtifacts(content: string): string | undefined {
  const ops = operations(content);
  if (!ops) return undefined;
  let depth = 0;
  let open = false;
  let result = '';
  let from = 0;
  const insert = (at: number, text: string): void => {
    result += content.slice(from, at) + text;
    from = at;
  };
  for (const { operator, start } of ops) {
    if (open && CLOSES_ARTIFACT.has(operator)) {
      insert(start, 'EMC\n');
      open = false;
    }
    if (operator === 'BDC' || operator === 'BMC') depth += 1;
    else if (operator === 'EMC') depth = Math.max(0, depth - 1);
    else if (depth === 0 && !open && DRAWING.has(operator)) {
      insert(start, '/Artifact BMC\n');
      open = true;
    }
  }
  result += content.slice(from);
  return open ? `${result}\nEMC\n` : result;
}

/** The objects of the file whose dictionary is the first thing in them, by number (the last version of each). */
function objectsOf(text: string): Map<number, { at: number; dict: string; end: number }> {
  const found = new Map<number, { at: number; dict: string; end: number }>();
  for (const match of text.matchAll(/(?:^|\n)(\d+) 0 obj\n(<<[\s\S]*?>>)(?=\s*(?:stream|endobj))/g)) {
    const at = (match.index ?? 0) + match[0].indexOf(`${match[1]} 0 obj`);
    found.set(Number(match[1]), { at, dict: match[2] ?? '', end: (match.index ?? 0) + match[0].length });
  }
  return found;
}

/** Every page's content stream, tagged throughout: the new versions of the streams that had untagged drawing. */
function taggedContents(
  text: string,
  objects: ReturnType<typeof objectsOf>,
): { objects: PdfObject[]; problems: string[] } {
  const updated: PdfObject[] = [];
  const problems: string[] = [];
  const contents = [...text.matchAll(/\/Type \/Page\n[\s\S]*?\/Contents (\d+) 0 R/g)].map((match) => Number(match[1]));
  for (const number of new Set(contents)) {
    const object = objects.get(number);
    const length = object && /\/Length (\d+)/.exec(object.dict);
    const streamAt = object ? text.indexOf('stream', object.end) : -1;
    if (!object || !length || streamAt < 0 || !/\/Filter \/FlateDecode/.test(object.dict)) {
      problems.push(`page content ${number} is not a stream this reader knows`);
      continue;
    }
    const dataAt = streamAt + (text.startsWith('stream\r\n', streamAt) ? 8 : 7);
    const content = inflateSync(Buffer.from(text.slice(dataAt, dataAt + Number(length[1])), 'latin1')).toString(
      'latin1',
    );
    const marked = markArtifacts(content);
    if (marked === undefined) {
      problems.push(`page content ${number} has an inline image, which this reader does not tag`);
      continue;
    }
    if (marked === content) continue;
    // The fastest compression: a page's drawing compresses almost as well, in a third of the time.
    const data = deflateSync(Buffer.from(marked, 'latin1'), { level: 1 }).toString('latin1');
    updated.push([number, `<</Filter /FlateDecode\n/Length ${data.length}>>\nstream\n${data}\nendstream`]);
  }
  return { objects: updated, problems };
}

/** Link annotations with a description (/Contents), which PDF/UA asks for and Chromium leaves out. */
function describedLinks(objects: ReturnType<typeof objectsOf>, textString: (text: string) => string): PdfObject[] {
  const updated: PdfObject[] = [];
  for (const [number, { dict }] of objects) {
    if (!dict.startsWith('<</Type /Annot\n/Subtype /Link') || dict.includes('/Contents')) continue;
    const uri = /\/URI \(((?:\\[\s\S]|[^\\)])*)\)/.exec(dict)?.[1]?.replace(/\\([()\\])/g, '$1');
    const described = uri
      ? `Link to ${uri.replace(/^https?:\/\/(?:www\.)?/, '').replace(/\/$/, '')}`
      : 'Link within this leaflet';
    updated.push([number, `${dict.slice(0, -2)}\n/Contents ${textString(described)}>>`]);
  }
  return updated;
}

/** What stops the structure tree from meeting PDF/UA: skipped heading levels, figures without alt text, no language. */
export function structureProblems(text: string): string[] {
  const objects = objectsOf(text);
  const problems: string[] = [];
  if (!/\/Lang \(/.test(text)) problems.push('the document has no language');
  const rootRef = /\/StructTreeRoot (\d+) 0 R/.exec(text)?.[1];
  if (!rootRef) return [...problems, 'the document is not tagged'];
  // Headings in reading order: walk the tree from its root, children in the order their parent lists them.
  const headings: number[] = [];
  const seen = new Set<number>();
  const walk = (number: number): void => {
    if (seen.has(number)) return;
    seen.add(number);
    const dict = objects.get(number)?.dict ?? '';
    const role = /\/S \/(\w+)/.exec(dict)?.[1];
    const level = role && /^H([1-6])$/.exec(role)?.[1];
    if (level) headings.push(Number(level));
    if (role === 'Figure' && !/\/Alt (?:\((?:\\[\s\S]|[^\\)])+\)|<[0-9A-Fa-f]{2,}>)/.test(dict))
      problems.push(`a figure (object ${number}) has no alt text`);
    const kids = /\/K (\[[\s\S]*\]|\d+ 0 R)/.exec(dict)?.[1] ?? '';
    for (const child of kids.replace(/<<[\s\S]*?>>/g, '').matchAll(/(\d+) 0 R/g)) walk(Number(child[1]));
  };
  walk(Number(rootRef));
  let previous = 0;
  for (const level of headings) {
    if (level > previous + 1)
      problems.push(
        `a level ${level} heading follows a level ${previous || 'none'} heading (headings must not skip a level)`,
      );
    previous = level;
  }
  return problems;
}

/** The XMP metadata stream that claims PDF/UA-1, with the title, language and dates. */
function xmpMetadata(metadata: { title: string; lang: string; creator: string }, date: Date): string {
  const when = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const xml = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeUTF8(metadata.title)}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>${escapeUTF8(metadata.lang)}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>${escapeUTF8(metadata.creator)}</xmp:CreatorTool>
<xmp:CreateDate>${when}</xmp:CreateDate>
<xmp:ModifyDate>${when}</xmp:ModifyDate>
<pdf:Producer>${escapeUTF8(`${metadata.creator} (Chromium)`)}</pdf:Producer>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  const bytes = Buffer.from(xml, 'utf8').toString('latin1');
  return `<</Type /Metadata\n/Subtype /XML\n/Length ${bytes.length}>>\nstream\n${bytes}\nendstream`;
}

/**
 * The objects that make a Chromium PDF what PDF/UA-1 asks for: its pages' untagged drawing marked as artifacts, its
 * links described, and (when the structure checks hold) a new catalog pointing at XMP metadata numbered `xmpNumber`
 * that claims PDF/UA-1. Never claims more than the checks found.
 */
export function accessibilityUpdate(
  text: string,
  metadata: { title: string; lang: string; creator: string },
  date: Date,
  xmpNumber: number,
  textString: (text: string) => string,
): AccessibilityUpdate {
  const objects = objectsOf(text);
  const contents = taggedContents(text, objects);
  const updated: PdfObject[] = [...contents.objects, ...describedLinks(objects, textString)];
  const problems = [...contents.problems, ...structureProblems(text)];
  const catalog = [...objects].find(([, object]) => object.dict.startsWith('<</Type /Catalog'));
  if (!catalog) problems.push('no document catalog was found');
  if (problems.length === 0 && catalog) {
    const [number, { dict }] = catalog;
    const viewer = dict.includes('/DisplayDocTitle true') ? '' : '\n/ViewerPreferences <</DisplayDocTitle true>>';
    // PDF/UA-1 is built on PDF 1.7: the catalog says so (Chromium's header says 1.4).
    const version = dict.includes('/Version') ? '' : '\n/Version /1.7';
    updated.push(
      [number, `${dict.slice(0, -2)}${viewer}${version}\n/Metadata ${xmpNumber} 0 R>>`],
      [xmpNumber, xmpMetadata(metadata, date)],
    );
  }
  return { objects: updated, problems };
}
