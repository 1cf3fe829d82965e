import { describe, expect, it } from 'vitest';
import { firstParagraph } from '../../src/commands/newsletter/newsletter.js';
import { adaptForEmail } from '../../src/formats/email/render.js';
import { noteLinks } from '../../src/formats/leaflet/printed-links.js';
import { linksOfHtml, textOfHtml } from '../../src/render/html-text.js';

describe('text and links read out of HTML by a parser', () => {
  it('takes tags and comments out, decodes every character reference, and keeps a "<" that opens no tag', () => {
    expect(textOfHtml('<em>Caf&eacute;</em> &amp; <b title="a>b">bar</b><!-- note --> &#x41;&#66; a < b')).toBe(
      'Café & bar AB a < b',
    );
  });

  it('finds every link with an address, whatever its attributes come before it, with its decoded text and end', () => {
    const html =
      '<p><a href="https://a.example/?x=1&amp;y=2">A &amp; <em>B</em></a> <a name="top">no</a> ' +
      '<a title="t" href="https://c.example/">C</a></p>';
    const links = linksOfHtml(html);
    expect(links.map(({ href, text }) => ({ href, text }))).toEqual([
      { href: 'https://a.example/?x=1&y=2', text: 'A & B' },
      { href: 'https://c.example/', text: 'C' },
    ]);
    expect(links.map(({ end }) => html.slice(end - 4, end))).toEqual(['</a>', '</a>']);
  });
});

describe('where HTML is read for its text', () => {
  it('notes each link on paper, its address decoded and its text compared without markup', () => {
    const { html, links } = noteLinks(
      '<p><a href="https://nhs.uk/a?b=1&amp;c=2">the <em>NHS</em></a>, <a title="Versus" href="https://versus.example/">Versus</a> ' +
        'and <a href="https://nhs.uk/x">nhs.uk/<b>x</b></a>.</p>',
    );
    expect(links).toEqual([
      { number: 1, display: 'nhs.uk/a?b=1&c=2' },
      { number: 2, display: 'versus.example' },
    ]);
    expect(html).toBe(
      '<p><a href="https://nhs.uk/a?b=1&amp;c=2">the <em>NHS</em></a><sup class="link-note">1</sup>, ' +
        '<a title="Versus" href="https://versus.example/">Versus</a><sup class="link-note">2</sup> ' +
        'and <a href="https://nhs.uk/x">nhs.uk/<b>x</b></a>.</p>',
    );
  });

  it("takes a newsletter article's first paragraph that holds text, not one with only an image or a space", () => {
    expect(firstParagraph('<p><img src="a.png" alt=""></p><p>&nbsp;</p><p>Keep <em>moving</em>.</p>')).toBe(
      'Keep <em>moving</em>.',
    );
  });

  it('sizes an email image whose address has characters written as references', () => {
    const src = 'https://clinic.example/i.png?a=1&b="2"';
    const sizes = new Map([[src, { src, width: 40, height: 30 }]]);
    expect(adaptForEmail('<img src="https://clinic.example/i.png?a=1&amp;b=&quot;2&quot;" alt="">', sizes)).toBe(
      '<img src="https://clinic.example/i.png?a=1&amp;b=&quot;2&quot;" width="40" height="30" alt="">',
    );
  });
});
