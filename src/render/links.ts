// How each format writes the images and links of an article body: relative links to other
// articles become their web pages, local images become data URIs (print), hashed assets (web)
// or absolute URLs (email).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../articles/article.js';
import { isExternalRef } from '../articles/images.js';
import { slugFromFileName } from '../articles/read-article.js';
import type { Format, ResolvedConfig } from '../config/schema.js';
import type { AssetRegistry } from './assets.js';
import type { LinkResolver } from './markdown.js';
import { articlePath, assetPath, siteUrl } from './site.js';

export interface ResolverContext {
  config: ResolvedConfig;
  assets: AssetRegistry;
  /** Slug of every article in the build, by absolute file path. */
  slugsByFile: ReadonlyMap<string, string>;
}

/** The file a relative (or file:) address in an article points to. */
function localPath(article: Article, href: string): string {
  const clean = decodeURI(href.split(/[?#]/)[0] ?? href);
  return href.startsWith('file:') ? fileURLToPath(href) : path.resolve(path.dirname(article.file), clean);
}

/** The local file of an image address in an article, or undefined for a remote image. */
export function localImageFile(article: Article, href: string): string | undefined {
  return isExternalRef(href) && !href.startsWith('file:') ? undefined : localPath(article, href);
}

/** The link and image resolver for one article in one format. */
export function createLinkResolver(article: Article, format: Format, ctx: ResolverContext, onLocalImage?: (file: string) => void): LinkResolver {
  const website = ctx.config.clinic.website;
  const localFile = (href: string): string => localPath(article, href);

  return {
    image(href) {
      if (isExternalRef(href) && !href.startsWith('file:')) return href;
      const file = localFile(href);
      onLocalImage?.(file);
      if (format === 'leaflet') return ctx.assets.dataUri(file);
      const inSite = assetPath(ctx.assets.publish(file));
      // A web page sits one folder down (`<slug>/index.html`); email needs the full address.
      return format === 'web' ? `../${inSite}` : (siteUrl(website, inSite) ?? href);
    },
    link(href) {
      if (href.startsWith('#') || isExternalRef(href)) return href;
      const [target = '', fragment] = href.split('#');
      if (/\.(md|markdown)$/i.test(target)) {
        const file = localFile(target);
        const slug = ctx.slugsByFile.get(file) ?? slugFromFileName(file);
        const page = articlePath(slug) + (fragment ? `#${fragment}` : '');
        return format === 'web' ? `../${page}` : (siteUrl(website, page) ?? href);
      }
      if (format === 'web') return href;
      return siteUrl(website, `${articlePath(article.slug)}${href}`) ?? href;
    },
  };
}
