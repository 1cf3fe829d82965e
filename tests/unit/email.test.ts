import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { inlineCss } from '../../src/formats/email/inline-css.js';
import { adaptForEmail, toPlainText } from '../../src/formats/email/render.js';

describe('email', () => {
  it('inlines CSS into style attributes and keeps media queries', () => {
    const html = inlineCss(
      '<html><head><style>p { color: #123456; } @media (max-width: 600px) { p { color: red ' +
        '!important; } }</style></head><body><p>Hi</p></body></html>',
    );
    expect(html).toContain('<p style="color: #123456;">Hi</p>');
    expect(html).toMatch(/<style>[\s\S]*@media \(max-width: 600px\)/);
  });

  it('inlines what juice inlines when it looks every rule up in the whole document', () => {
    // Rules juice's lookups are narrowed for (classes that are the start of other classes, several classes, a tag and
    // a class, combinators, an upper-case tag) and rules they are not (an id, an attribute, a pseudo-class).
    const css = [
      '.key { color: red; } .key-points { margin: 0; } .a.b { padding: 1px; } p.note { font-size: 12px; }',
      '.box p { line-height: 2; } .box > p { color: blue; } h2 + p { margin-top: 0; } h2 ~ p { text-indent: 1em; }',
      'P { letter-spacing: 1px; } #x { border: 0; } [data-x] { width: 10px; } li:first-child { font-weight: bold; }',
      'td { vertical-align: top; } .box td.cell { padding: 2px; } .Upper { color: green; }',
    ].join('\n');
    const body = [
      '<div class="box"><h2>T</h2><p class="note">one</p><p>two</p><div><p class="key-points">three</p></div></div>',
      '<p class="a\tb" id="x">four</p><p class="a">five</p><p class="keyboard ' +
        'key">six</p><ul><li>a</li><li data-x="1">b</li></ul>',
      '<table class="box"><tr><td class="cell">c</td><td style="color: black">d</td></tr></table><p ' +
        'class="upper">7</p><p class="Upper">8</p>',
    ].join('\n');
    const juice = createRequire(import.meta.url)('juice') as {
      inlineContent(html: string, css: string, options: object): string;
    };
    const everywhere = juice.inlineContent(`<html><head></head><body>${body}</body></html>`, css, {
      applyWidthAttributes: true,
      applyAttributesTableElements: true,
    });
    const html = inlineCss(`<html><head><style>${css}</style></head><body>${body}</body></html>`);
    expect(html).toBe(everywhere);
    expect(html).toContain('<p class="keyboard key" style="letter-spacing: 1px; color: red;">six</p>');
    expect(html).toContain('<p class="key-points" style="letter-spacing: 1px; margin: 0; line-height: 2;">three</p>');
    expect(html).toContain('<li data-x="1" style="width: 10px;">b</li>');
  });

  it('inlines the rules of every style element, the ones it takes out too, into each email of a run', () => {
    // juice looks the style elements up before the rules, and takes out those left empty: the rules' lookups must see
    // the document as it is after that, email after email (each with its own elements).
    const juice = createRequire(import.meta.url)('juice') as {
      inlineContent(html: string, css: string, options: object): string;
    };
    const css = ['.tip { color: red; } p { margin: 0; }', '.tip.big, h1 { font-size: 20px; } div p { padding: 1px; }'];
    for (const body of ['<h1>A</h1><p class="tip big">one</p>', '<div><p>two</p><p class="tip">three</p></div>']) {
      const styles = css.map((rules) => `<style>${rules}</style>`).join('');
      const html = inlineCss(`<html><head>${styles}</head><body>${body}</body></html>`);
      expect(html).toBe(juice.inlineContent(`<html><head></head><body>${body}</body></html>`, css.join('\n'), {}));
      expect(html).not.toContain('<style');
    }
  });

  it('replaces what mail clients cannot show', () => {
    expect(adaptForEmail('<p class="t"><svg viewBox="0 0 1 1"><path d=""></path></svg>Tip</p>')).toBe(
      '<p class="t">Tip</p>',
    );
  });

  it('writes a text part with links written out and no preheader', () => {
    const text = toPlainText(
      '<div class="preheader">hidden</div><table role="presentation"><tr><td><h1>Title</h1><p>See <a ' +
        'href="https://x.org/a/">the page</a>.</p></td></tr></table><div ' +
        'class="article-body"><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table></div>',
    );
    expect(text).not.toContain('hidden');
    expect(text).toContain('Title');
    expect(text).toContain('See the page <https://x.org/a/>.');
    expect(text).toMatch(/A +B\n1 +2/);
  });
});
