import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { findImages } from '../../src/articles/images.js';
import { LeafletError } from '../../src/errors.js';
import { createMarkdownRenderer, type LinkResolver } from '../../src/render/markdown.js';

const identity: LinkResolver = { image: (href) => href, link: (href) => href };

/** The href and src values of an HTML fragment, as an HTML parser reads them. */
function linksAndImages(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(_name, attributes) {
      const address = attributes.href ?? attributes.src;
      if (address !== undefined) found.push(address);
    },
  });
  parser.end(html);
  return found;
}

describe('markdown', () => {
  const markdown = createMarkdownRenderer();

  it('gives headings GitHub-style ids and lists them', () => {
    const { html, headings } = markdown.render('## Why does it hurt?\n\n## Why does it hurt?\n', identity);
    expect(html).toContain('<h2 id="why-does-it-hurt">');
    expect(html).toContain('<h2 id="why-does-it-hurt-1">');
    expect(headings).toEqual([
      { depth: 2, text: 'Why does it hurt?', id: 'why-does-it-hurt' },
      { depth: 2, text: 'Why does it hurt?', id: 'why-does-it-hurt-1' },
    ]);
  });

  it("reads a heading's text as a browser does: tags and comments out, every character reference decoded", () => {
    const { headings } = markdown.render(
      [
        '## Knees & hips: <abbr title="National Health Service">NHS</abbr> advice<!-- draft -->',
        '## Caf&eacute; &copy; 2026, AT&amp;T and `a&amp;b`',
        '## When a < b > c',
      ].join('\n\n'),
      identity,
    );
    expect(headings).toEqual([
      { depth: 2, text: 'Knees & hips: NHS advice', id: 'knees--hips-nhs-advice' },
      { depth: 2, text: 'Café © 2026, AT&T and a&amp;b', id: 'café--2026-att-and-aampb' },
      // A "<" that opens no tag is text, not the start of one.
      { depth: 2, text: 'When a < b > c', id: 'when-a--b--c' },
    ]);
  });

  it("turns a text marked fails on into a render error in plain words, keeping marked's own as the cause", () => {
    const odd = '_    *  \n* _```>x    *~~~*\n\t> - \n  _text * + x* * *';
    const failed = (() => {
      try {
        markdown.render(odd, identity);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failed).toBeInstanceOf(LeafletError);
    expect(failed).toMatchObject({
      code: 'RENDER',
      message: expect.stringContaining('the Markdown could not be read'),
    });
    expect((failed as Error).message).not.toMatch(/marked|Please report|Cannot read/);
    expect(String((failed as Error).cause)).toContain('Please report this to https://github.com/markedjs/marked');
    // The renderer is left as it was: the next text renders.
    expect(markdown.render('Fine.', identity).html).toBe('<p>Fine.</p>\n');
  });

  it('starts every render with fresh heading ids', () => {
    markdown.render('## Rest\n', identity);
    expect(markdown.render('## Rest\n', identity).html).toContain('id="rest"');
  });

  it('renders GFM tables and task lists', () => {
    const { html } = markdown.render('| A | B |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] to do\n', identity);
    expect(html).toContain('<table>');
    expect(html).toContain('<td>2</td>');
    // Boxes drawn as characters with a text alternative, not disabled form controls.
    expect(html).toContain('<span class="task-box" role="img" aria-label="done">☑</span> done');
    expect(html).toContain('<span class="task-box" role="img" aria-label="to do">☐</span> to do');
    expect(html).not.toContain('<input');
  });

  it('uses smart typography', () => {
    const { html } = markdown.render(`"Rest" -- don't overdo it...`, identity);
    expect(html).toContain('“Rest” – don’t overdo it…');
  });

  it('renders GitHub alerts as callout boxes', () => {
    const { html } = markdown.render('> [!WARNING]\n> Call 999 if the pain is sudden.\n', identity);
    expect(html).toContain('class="markdown-alert markdown-alert-warning"');
    expect(html).toContain('Warning');
    expect(html).toContain('Call 999 if the pain is sudden.');
  });

  it('passes image and link addresses through the resolver', () => {
    const resolver: LinkResolver = {
      image: (href) => `../assets/${href.slice(2)}`,
      link: (href) => `https://clinic.example/${href.slice(2)}`,
    };
    const { html } = markdown.render(
      '![arch](./images/arch.png) and [more](./other.md) and <img src="./images/raw.png" alt="">',
      resolver,
    );
    expect(html).toContain('src="../assets/images/arch.png"');
    expect(html).toContain('alt="arch"');
    expect(html).toContain('href="https://clinic.example/other.md"');
    // An image written as HTML goes through the resolver too.
    expect(html).toContain('src="../assets/images/raw.png"');
  });
});

describe('findImages', () => {
  it('finds images with their lines, in lists and tables too', () => {
    const source = 'Intro\n\n![a](one.png)\n\n- item ![b](two.png)\n\n| x |\n|---|\n| ![c](three.png) |\n';
    expect(findImages(source)).toEqual([
      { href: 'one.png', alt: 'a', line: 3 },
      { href: 'two.png', alt: 'b', line: 5 },
      { href: 'three.png', alt: 'c', line: 9 },
    ]);
  });

  it('finds HTML images too, telling a missing alt attribute from a decorative alt=""', () => {
    const source = 'Intro\n\n<img src="a.png" alt="">\n\nText <img src=\'b.png\'> inline.\n';
    expect(findImages(source)).toEqual([
      { href: 'a.png', alt: '', line: 3, html: true },
      { href: 'b.png', alt: undefined, line: 5, html: true },
    ]);
  });
});

describe('one parse for every format', () => {
  const body = [
    'See [the NHS](https://www.nhs.uk/conditions/?a=1&b=2 "NHS") and [our other leaflet](knee-pain.md).',
    '',
    '![A heel](images/heel.png)',
    '',
    '<img src="images/arch.svg" alt="An arch">',
    '',
    '[Not a link](javascript:alert(1))',
  ].join('\n');
  const resolverFor = (format: string, asked: string[]): LinkResolver => ({
    image: (href) => {
      asked.push(`image ${href}`);
      return `https://clinic.example/${format}/${href}?x="1"&y=<2>`;
    },
    link: (href) => {
      asked.push(`link ${href}`);
      return href.endsWith('.md') ? `https://clinic.example/${format}/${href.replace(/\.md$/, '/')}` : href;
    },
  });

  it('parses a body once for two formats, and gives each its own addresses, asked for in the order they come', () => {
    const shared = createMarkdownRenderer();
    const asked: string[] = [];
    const email = shared.render(body, resolverFor('email', asked));
    const web = shared.render(body, resolverFor('web', asked));
    expect(shared.parsed).toBe(1);
    expect(email.html).toContain('href="https://clinic.example/email/knee-pain/"');
    expect(web.html).toContain('href="https://clinic.example/web/knee-pain/"');
    expect(web.html).not.toContain('/email/');
    const once = [
      'link https://www.nhs.uk/conditions/?a=1&b=2',
      'link knee-pain.md',
      'image images/heel.png',
      'image images/arch.svg',
      'link javascript:alert(1)',
    ];
    expect(asked).toEqual([...once, ...once]);
    // The same HTML as a renderer of its own gives: escaped as the sanitiser escapes, unsafe addresses taken out.
    for (const [format, rendered] of [
      ['email', email],
      ['web', web],
    ] as const) {
      expect(rendered.html).toBe(createMarkdownRenderer().render(body, resolverFor(format, [])).html);
    }
    expect(web.html).toContain('src="https://clinic.example/web/images/heel.png?x=%221%22&amp;y=%3C2%3E"');
    // An address in an <img> of the article's HTML is written as HTML writes an attribute ("<" and ">" may stay in a
    // quoted value; the sanitiser would write them as &lt; and &gt;), and an HTML parser reads back exactly the address.
    expect(web.html).toContain('src="https://clinic.example/web/images/arch.svg?x=&quot;1&quot;&amp;y=<2>"');
    expect(linksAndImages(web.html)).toEqual([
      'https://www.nhs.uk/conditions/?a=1&b=2',
      'https://clinic.example/web/knee-pain/',
      'https://clinic.example/web/images/heel.png?x=%221%22&y=%3C2%3E',
      'https://clinic.example/web/images/arch.svg?x="1"&y=<2>',
    ]);
    expect(web.html).toContain('<a href="https://www.nhs.uk/conditions/?a=1&amp;b=2" title="NHS">');
    expect(web.html).toContain('<a>Not a link</a>');
  });

  it("checks the address a format writes against the allow-list, not only the article's", () => {
    const html = createMarkdownRenderer().render('[Open](page.md)', {
      image: (href) => href,
      link: () => 'javascript:alert(1)',
    }).html;
    expect(html).toBe('<p><a>Open</a></p>\n');
  });
});
