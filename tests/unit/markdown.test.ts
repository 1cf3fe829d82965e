import { describe, expect, it } from 'vitest';
import { findImages } from '../../src/articles/images.js';
import { createMarkdownRenderer, type LinkResolver } from '../../src/render/markdown.js';

const identity: LinkResolver = { image: (href) => href, link: (href) => href };

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
    const resolver: LinkResolver = { image: (href) => `../assets/${href.slice(2)}`, link: (href) => `https://clinic.example/${href.slice(2)}` };
    const { html } = markdown.render('![arch](./images/arch.png) and [more](./other.md) and <img src="./images/raw.png" alt="">', resolver);
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
