import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { AssetRegistry } from '../../src/render/assets.js';
import { createLinkResolver } from '../../src/render/links.js';
import { siteUrl } from '../../src/render/site.js';
import { testConfig } from '../helpers.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const articleDir = path.join(here, '..', 'fixtures', 'project', 'articles');
const article = { file: path.join(articleDir, 'knee-pain.md'), slug: 'knee-pain' } as Article;
const ctx = {
  config: testConfig({ clinic: { website: 'https://clinic.example/advice' } }),
  assets: new AssetRegistry(),
  slugsByFile: new Map([[path.join(articleDir, 'ankle.md'), 'ankle-sprain']]),
};

describe('links and images per format', () => {
  it('joins site addresses under a base path', () => {
    expect(siteUrl('https://clinic.example/advice', 'knee/')).toBe('https://clinic.example/advice/knee/');
    expect(siteUrl('https://clinic.example/advice/', '/assets/a.png')).toBe('https://clinic.example/advice/assets/a.png');
    expect(siteUrl(undefined, 'x')).toBeUndefined();
  });

  it('points links to other articles at their web pages', () => {
    expect(createLinkResolver(article, 'web', ctx).link('./ankle.md#first-aid')).toBe('../ankle-sprain/#first-aid');
    expect(createLinkResolver(article, 'email', ctx).link('ankle.md')).toBe('https://clinic.example/advice/ankle-sprain/');
    expect(createLinkResolver(article, 'email', ctx).link('https://nhs.uk/')).toBe('https://nhs.uk/');
    expect(createLinkResolver(article, 'email', ctx).link('#top')).toBe('#top');
  });

  it('resolves images from the article folder, not the working directory', () => {
    const leaflet = createLinkResolver(article, 'leaflet', ctx).image('./images/dot.png');
    expect(leaflet).toMatch(/^data:image\/png;base64,/);
    const web = createLinkResolver(article, 'web', ctx).image('images/dot.png');
    expect(web).toMatch(/^\.\.\/assets\/dot\.[0-9a-f]{10}\.png$/);
    const email = createLinkResolver(article, 'email', ctx).image('images/dot.png');
    expect(email).toBe(`https://clinic.example/advice/${web.slice(3)}`);
    expect(createLinkResolver(article, 'web', ctx).image('https://cdn.example/x.png')).toBe('https://cdn.example/x.png');
  });
});
