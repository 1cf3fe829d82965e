import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { ImageStore } from '../../src/render/assets.js';
import { createLinkResolver, type LinkPolicy } from '../../src/render/links.js';
import { siteUrl } from '../../src/render/site.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const articleDir = path.join(here, '..', 'fixtures', 'project', 'articles');
const article = { file: path.join(articleDir, 'knee-pain.md'), slug: 'knee-pain' } as Article;
const website = 'https://clinic.example/advice';
const images = new ImageStore();
const slugs = new Map([[path.join(articleDir, 'ankle.md'), 'ankle-sprain']]);
// The three formats' policies, as their renderers write them.
const policies: Record<'leaflet' | 'web' | 'email', LinkPolicy> = {
  leaflet: { image: (file) => images.dataUri(file), page: (pathInSite) => siteUrl(website, pathInSite) },
  web: { image: (file) => `../assets/${images.asset(file).name}`, page: (pathInSite) => `../${pathInSite}` },
  email: {
    image: (file) => siteUrl(website, `assets/${images.asset(file).name}`),
    page: (pathInSite) => siteUrl(website, pathInSite),
  },
};
const resolver = (format: keyof typeof policies) => createLinkResolver(article, policies[format], slugs);

describe('links and images per format', () => {
  it('joins site addresses under a base path', () => {
    expect(siteUrl('https://clinic.example/advice', 'knee/')).toBe('https://clinic.example/advice/knee/');
    expect(siteUrl('https://clinic.example/advice/', '/assets/a.png')).toBe(
      'https://clinic.example/advice/assets/a.png',
    );
    expect(siteUrl(undefined, 'x')).toBeUndefined();
  });

  it('points links to other articles at their web pages', () => {
    expect(resolver('web').link('./ankle.md#first-aid')).toBe('../ankle-sprain/#first-aid');
    expect(resolver('email').link('ankle.md')).toBe('https://clinic.example/advice/ankle-sprain/');
    expect(resolver('email').link('https://nhs.uk/')).toBe('https://nhs.uk/');
    expect(resolver('email').link('#top')).toBe('#top');
  });

  it('resolves images from the article folder, not the working directory', () => {
    const leaflet = resolver('leaflet').image('./images/dot.png');
    expect(leaflet).toMatch(/^data:image\/png;base64,/);
    const web = resolver('web').image('images/dot.png');
    expect(web).toMatch(/^\.\.\/assets\/dot\.[0-9a-f]{10}\.png$/);
    const email = resolver('email').image('images/dot.png');
    expect(email).toBe(`https://clinic.example/advice/${web.slice(3)}`);
    expect(resolver('web').image('https://cdn.example/x.png')).toBe('https://cdn.example/x.png');
  });

  it('keeps an address as written when the format has no address for it (email without a website)', () => {
    const offline = createLinkResolver(article, { image: () => undefined, page: () => undefined }, slugs);
    expect(offline.image('images/dot.png')).toBe('images/dot.png');
    expect(offline.link('ankle.md')).toBe('ankle.md');
  });
});
