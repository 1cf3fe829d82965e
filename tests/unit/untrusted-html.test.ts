import { escapeAttribute } from 'entities';
import { describe, expect, it } from 'vitest';
import { findReferences } from '../../src/articles/images.js';
import { addressKept, findUnsafeHtml, refusedScheme, sanitizeArticleHtml } from '../../src/articles/untrusted-html.js';
import { createMarkdownRenderer } from '../../src/render/markdown.js';

const keep = { image: (href: string) => href, link: (href: string) => href };
const render = (markdown: string): string => createMarkdownRenderer().render(markdown, keep).html;

describe('raw HTML in an article', () => {
  it('loses scripts, frames, plugins, event handlers and script addresses, in any case', () => {
    const html = render(
      [
        'Text <b onmouseover="steal()">bold</b> <a href="JaVaScRiPt:alert(1)">x</a> <a href=" ' +
          'java\tscript:alert(2)">y</a>',
        '',
        '<script>alert(3)</script><SCRIPT SRC="https://evil.example/x.js"></SCRIPT>',
        '',
        '<iframe src="https://evil.example"></iframe><object data="x.swf"></object><embed src="x.swf">',
        '',
        '<img src="x.png" alt="" onerror="alert(4)"><svg onload="alert(5)"><path d="M0 0"/></svg>',
        '',
        '[data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox) <a href="file:///etc/passwd">f</a>',
        '',
        '<style>body { background: url(https://evil.example/track.png) }</style><link ' +
          'rel="stylesheet" href="https://evil.example/x.css">',
        '<form action="https://evil.example"><input name="q"><button>Go</button></form><meta ' +
          'http-equiv="refresh" content="0;url=https://evil.example">',
      ].join('\n'),
    );
    for (const gone of [
      /<script/i,
      /alert\(/,
      /<iframe/i,
      /<object/i,
      /<embed/i,
      /\son\w+=/i,
      /javascript:/i,
      /vbscript:/i,
      /data:text/,
      /file:/,
      /<style/i,
      /<link/i,
      /<form/i,
      /<input/i,
      /<meta/i,
      /evil\.example/,
    ]) {
      expect(html).not.toMatch(gone);
    }
    expect(html).toContain('<b>bold</b>');
  });

  it(
    'keeps what articles use: details, kbd, sup and sub, tables, decorative images, safe links, and ' +
      "leaflet's own markup",
    () => {
      const html = render(
        [
          '<details><summary>More</summary>',
          '',
          'Inside *Markdown*.',
          '',
          '</details>',
          '',
          'Press <kbd>Ctrl</kbd>, H<sub>2</sub>O, 10<sup>3</sup>, <img src="dot.png" alt="">, <a ' +
            'href="https://nhs.uk">NHS</a>, <a href="mailto:a@b.example">mail</a>, <a href="tel:+441234">call</a>.',
          '',
          '| A | B |',
          '|:--|--:|',
          '| 1 | 2 |',
          '',
          '- [x] done',
          '',
          '## A heading',
          '',
          '> [!TIP]',
          '> A tip.',
        ].join('\n'),
      );
      for (const kept of [
        '<details><summary>More</summary>',
        '<em>Markdown</em>',
        '<kbd>Ctrl</kbd>',
        '<sub>2</sub>',
        '<sup>3</sup>',
        '<img src="dot.png" alt="" />',
        'href="https://nhs.uk"',
        'href="mailto:a@b.example"',
        'href="tel:+441234"',
        '<th align="left">',
        '<td align="right">',
        'role="img" aria-label="done"',
        '<h2 id="a-heading">',
        'class="markdown-alert markdown-alert-tip"',
        'viewBox="0 0 16 16"',
      ]) {
        expect(html).toContain(kept);
      }
    },
  );

  it('keeps inlined images for print, and never runs Handlebars written in the text', () => {
    expect(sanitizeArticleHtml('<img src="data:image/png;base64,AAAA" alt="A dot">')).toBe(
      '<img src="data:image/png;base64,AAAA" alt="A dot" />',
    );
    expect(render('{{clinic.name}} and {{{body}}}')).toContain('{{clinic.name}} and {{{body}}}');
  });

  it('is reported at its line, saying what is taken out', () => {
    const markdown = [
      'Fine text.',
      '',
      '<p onclick="x()">Click</p>',
      '',
      '<script>',
      'alert(1)',
      '</script>',
      '',
      '[link](javascript:void(0))',
      '',
      '<details><summary>ok</summary>fine</details>',
    ].join('\n');
    expect(findUnsafeHtml(findReferences(markdown))).toEqual([
      { line: 3, what: 'the onclick attribute of <p>' },
      { line: 5, what: 'the <script> element' },
      { line: 9, what: 'a javascript: address' },
    ]);
  });

  // The Markdown renderer writes each format's addresses in after the sanitiser has run, so it asks the allow-list's
  // own reading of an address whether the sanitiser would have kept it: the two must agree on every address.
  it('keeps or takes out an address exactly as the sanitiser does, for links and for images', () => {
    const addresses = [
      'https://nhs.uk/',
      'HTTPS://nhs.uk/',
      'mailto:desk@clinic.example',
      'tel:+441000000000',
      'page.html',
      '#top',
      '/knee-pain/',
      '?a=1',
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'java\u0000script:alert(1)',
      'java<!-- x -->script:alert(1)',
      'java<!-- x script:alert(1)',
      'java\u00a0script:alert(1)',
      'vbscript:x',
      'data:image/png;base64,AAAA',
      'file:///etc/hostname',
      '//elsewhere.example/x.png',
      '\\\\elsewhere.example/x.png',
      ' //elsewhere.example/x.png',
      'leaflet-ref:1',
      'a:b',
      '1a:b',
    ];
    for (const address of addresses) {
      const link = sanitizeArticleHtml(`<a href="${escapeAttribute(address)}">x</a>`).includes('href=');
      const image = sanitizeArticleHtml(`<img src="${escapeAttribute(address)}" alt="">`).includes('src=');
      expect({ address, link: addressKept('a', address), image: addressKept('img', address) }).toEqual({
        address,
        link,
        image,
      });
    }
    expect(refusedScheme('a', ' java\tscript:alert(1)')).toBe('javascript');
    expect(refusedScheme('a', 'data:text/html,x')).toBe('data');
    expect(refusedScheme('img', 'data:image/png;base64,AAAA')).toBeUndefined();
  });
});
