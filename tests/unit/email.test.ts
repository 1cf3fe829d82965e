import { describe, expect, it } from 'vitest';
import { adaptForEmail, inlineCss, toPlainText } from '../../src/render/email.js';

describe('email', () => {
  it('inlines CSS into style attributes and keeps media queries', () => {
    const html = inlineCss(
      '<html><head><style>p { color: #123456; } @media (max-width: 600px) { p { color: red !important; } }</style></head><body><p>Hi</p></body></html>',
    );
    expect(html).toContain('<p style="color: #123456;">Hi</p>');
    expect(html).toMatch(/<style>[\s\S]*@media \(max-width: 600px\)/);
  });

  it('replaces what mail clients cannot show', () => {
    expect(adaptForEmail('<p class="t"><svg viewBox="0 0 1 1"><path d=""></path></svg>Tip</p>')).toBe('<p class="t">Tip</p>');
  });

  it('writes a text part with links written out and no preheader', () => {
    const text = toPlainText(
      '<div class="preheader">hidden</div><table role="presentation"><tr><td><h1>Title</h1><p>See <a href="https://x.org/a/">the page</a>.</p></td></tr></table><div class="article-body"><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table></div>',
    );
    expect(text).not.toContain('hidden');
    expect(text).toContain('Title');
    expect(text).toContain('See the page <https://x.org/a/>.');
    expect(text).toMatch(/A +B\n1 +2/);
  });
});
