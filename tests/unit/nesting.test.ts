import { Lexer, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, nestingMessage, tooDeeplyNested } from '../../src/articles/nesting.js';

/** How deep the count says `markdown` nests: the least limit it is not deeper than. */
function countedDepth(markdown: string): number {
  let limit = 0;
  while (tooDeeplyNested(markdown, limit)) limit += 1;
  return limit;
}

/** How deep marked itself nests quotes and list items reading `markdown`. */
function markedDepth(tokens: Token[], depth = 0): number {
  let deepest = depth;
  for (const token of tokens) {
    const inner = token.type === 'blockquote' || token.type === 'list_item' ? depth + 1 : depth;
    deepest = Math.max(deepest, inner);
    if ('items' in token && Array.isArray(token.items))
      deepest = Math.max(deepest, markedDepth(token.items as Token[], depth));
    if ('tokens' in token && Array.isArray(token.tokens)) deepest = Math.max(deepest, markedDepth(token.tokens, inner));
  }
  return deepest;
}

/** A small seeded random number generator (mulberry32), so that the generated texts are the same every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONE_LINE_FORMS: [string, string][] = [
  ['a bullet list, "- - - … x"', '- '],
  ['a "*" list', '* '],
  ['a "+" list', '+ '],
  ['an ordered list, "1. 1. 1. … x"', '1. '],
  ['an ordered list with ")"', '2) '],
  ['quotes with spaces, "> > > … x"', '> '],
  ['quotes without spaces, ">>> … x"', '>'],
];

describe('tooDeeplyNested', () => {
  it.each(ONE_LINE_FORMS)('lets %s through at the limit and refuses it one deeper, on its line', (_, unit) => {
    expect(tooDeeplyNested(`${unit.repeat(MAX_NESTING)}x`)).toBeUndefined();
    expect(tooDeeplyNested(`${unit.repeat(MAX_NESTING + 1)}x`)).toEqual({ line: 1, depth: MAX_NESTING + 1 });
  });

  it.each([
    ['"* + - " mixed', '* + - ', 3],
    ['quotes and bullets, "> - "', '> - ', 2],
    ['quotes and numbers without spaces, ">1. "', '>1. ', 2],
    ['quotes and bullets without spaces, ">- "', '>- ', 2],
    ['quotes, numbers and bullets, "> 1. * "', '> 1. * ', 3],
  ])('counts every container %s opens on one line', (_, unit, each) => {
    const times = Math.ceil((MAX_NESTING + 1) / each);
    expect(tooDeeplyNested(`${unit.repeat(times)}x`)).toEqual({ line: 1, depth: times * each });
    expect(tooDeeplyNested(`${unit.repeat(Math.floor(MAX_NESTING / each))}x`)).toBeUndefined();
  });

  it('counts a one-line list 10,000 deep, in one pass', () => {
    expect(tooDeeplyNested(`${'- '.repeat(10_000)}x`)).toEqual({ line: 1, depth: 10_000 });
    expect(tooDeeplyNested('>'.repeat(30_000))).toEqual({ line: 1, depth: 30_000 });
  });

  it('counts lists nested by indentation, two spaces a level, and names the first line too deep', () => {
    const lines = (levels: number): string =>
      Array.from({ length: levels }, (_, level) => `${'  '.repeat(level)}- item`).join('\n');
    expect(tooDeeplyNested(lines(MAX_NESTING))).toBeUndefined();
    expect(tooDeeplyNested(`Intro.\n\n${lines(MAX_NESTING + 1)}`)).toEqual({
      line: MAX_NESTING + 3,
      depth: MAX_NESTING + 1,
    });
    // Tabs indent to the next multiple of four columns.
    const tabbed = Array.from({ length: MAX_NESTING + 1 }, (_, level) => `${'\t'.repeat(level)}- item`).join('\n');
    expect(tooDeeplyNested(tabbed)).toEqual({ line: MAX_NESTING + 1, depth: MAX_NESTING + 1 });
  });

  it('counts quotes carried on from line to line, and lines ending in "\\r\\n"', () => {
    const quotes = Array.from({ length: MAX_NESTING + 1 }, (_, level) => `${'> '.repeat(level + 1)}text`).join('\r\n');
    expect(tooDeeplyNested(quotes)).toEqual({ line: MAX_NESTING + 1, depth: MAX_NESTING + 1 });
  });

  it('does not count what a fenced code block holds: its lines are code, not Markdown', () => {
    const deep = `${'> '.repeat(MAX_NESTING + 10)}x`;
    expect(tooDeeplyNested(`\`\`\`\n${deep}\n\`\`\``)).toBeUndefined();
    expect(tooDeeplyNested(`~~~~ text\n${deep}\n~~~\n${deep}\n~~~~`)).toBeUndefined();
    expect(tooDeeplyNested(`- item\n\n  \`\`\`\n  ${deep}\n  \`\`\``)).toBeUndefined();
    // After the fence closes, Markdown is counted again.
    expect(tooDeeplyNested(`\`\`\`\ncode\n\`\`\`\n${deep}`)).toEqual({ line: 4, depth: MAX_NESTING + 10 });
  });

  it('does not let what only looks like a fence hide what follows it', () => {
    const deep = `${'- '.repeat(MAX_NESTING + 1)}x`;
    // Indented as code, inline code, and a fence inside a quote the next line leaves: none hides the deep line.
    expect(tooDeeplyNested(`Text.\n\n    \`\`\`\n${deep}`)).toEqual({ line: 4, depth: MAX_NESTING + 1 });
    expect(tooDeeplyNested(`\`\`\`js \`x\`\n${deep}`)).toEqual({ line: 2, depth: MAX_NESTING + 1 });
    expect(tooDeeplyNested(`> \`\`\`\n\n${deep}`)).toEqual({ line: 3, depth: MAX_NESTING + 1 });
    // A list item right after a line of text may be that text's next line, so a fence it opens hides nothing either.
    const quotes = `  ${'> '.repeat(MAX_NESTING)}x`;
    expect(tooDeeplyNested(`Text.\n- \`\`\`\n${quotes}`)).toEqual({ line: 3, depth: MAX_NESTING + 1 });
    expect(tooDeeplyNested(`# Heading\nText.\n- \`\`\`\n${quotes}`)).toEqual({ line: 4, depth: MAX_NESTING + 1 });
  });

  it('reads "* * *" and "- - - -" as a line across the page, not as nested list items', () => {
    expect(tooDeeplyNested(`${'- '.repeat(1000)}`)).toBeUndefined();
    expect(tooDeeplyNested(`${'* '.repeat(1000)}\n\n${'_ '.repeat(1000)}`)).toBeUndefined();
    expect(tooDeeplyNested(`- ${'* '.repeat(1000)}`)).toBeUndefined();
  });

  it('lets an ordinary article through', () => {
    const article = [
      '# Knee pain',
      '',
      'Some **advice**.',
      '',
      '- Rest',
      '  - Ice',
      '    1. Wrap it',
      '> [!NOTE]',
      '> See a doctor if:',
      '> - it swells',
      '',
      '---',
      '',
      '```sh',
      '>>> not a quote',
      '```',
    ].join('\n');
    expect(tooDeeplyNested(article)).toBeUndefined();
    expect(countedDepth(article)).toBe(3);
  });

  it('never counts shallower than marked reads, over thousands of generated texts', () => {
    const pieces = [
      '>',
      '> ',
      '- ',
      '* ',
      '+ ',
      '1. ',
      '2) ',
      '10. ',
      '  ',
      '    ',
      '\t',
      'x',
      'text ',
      '\n',
      '\n\n',
      '```',
      '~~~',
      '-',
      '*',
      '_',
      ' ',
      '>-',
      '---',
      '* * *',
    ];
    const random = seeded(27);
    const shallower: string[] = [];
    for (let run = 0; run < 3000; run += 1) {
      let markdown = '';
      for (let piece = 1 + Math.floor(random() * 40); piece > 0; piece -= 1)
        markdown += pieces[Math.floor(random() * pieces.length)];
      let read: number;
      try {
        read = markedDepth(new Lexer({ gfm: true }).lex(markdown));
      } catch {
        continue; // marked fails on a few of these texts by itself; the renderer reports that apart
      }
      if (countedDepth(markdown) < read) shallower.push(JSON.stringify(markdown));
    }
    expect(shallower).toEqual([]);
  });
});

describe('nestingMessage', () => {
  it('says how deep, the limit, and what to take out', () => {
    expect(nestingMessage(41, 'a note', '(line 3 of the note)')).toBe(
      'quotes or lists are nested 41 deep (line 3 of the note); a note may nest them at most 40 ' +
        'deep. Take out the extra ">", list markers or indentation.',
    );
  });
});
