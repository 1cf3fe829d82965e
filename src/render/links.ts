// How the images and links of an article body are written: each format gives a link policy (local images as data URIs
// for print, hashed assets on the site, absolute addresses in email), and the resolver applies it to every address.
// Relative links to other articles become links to their web pages.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../articles/article.js';
import { isExternalRef } from '../articles/images.js';
import { decodeAddress } from '../articles/local-files.js';
import { slugFromFileName } from '../articles/read-article.js';
import type { LinkResolver } from './markdown.js';
import { articlePath } from './site.js';

/** How one format writes the addresses an article refers to. */
export interface LinkPolicy {
  /** The address of a local image file, or undefined to keep the address as written. */
  image(file: string): string | undefined;
  /**
   * The address of a path on the clinic's site (`knee-pain/`, `knee-pain/#rest`), or undefined to keep the link as
   * written.
   */
  page(pathInSite: string): string | undefined;
}

/** The file a relative (or file:) address in an article points to. */
function localPath(article: Article, href: string): string {
  const clean = decodeAddress(href.split(/[?#]/)[0] ?? href);
  return href.startsWith('file:') ? fileURLToPath(href) : path.resolve(path.dirname(article.file), clean);
}

/** The local file of an image address in an article, or undefined for a remote image. */
export function localImageFile(article: Article, href: string): string | undefined {
  return isExternalRef(href) && !href.startsWith('file:') ? undefined : localPath(article, href);
}

/** The resolver for one article's body under `policy`; `slugsByFile` names the pages of the other articles. */
export function createLinkResolver(
  article: Article,
  policy: LinkPolicy,
  slugsByFile: ReadonlyMap<string, string>,
): LinkResolver {
  return {
    image(href) {
      const file = localImageFile(article, href);
      return (file && policy.image(file)) || href;
    },
    link(href) {
      if (href.startsWith('#') || isExternalRef(href)) return href;
      const [target = '', fragment] = href.split('#');
      if (/\.(md|markdown)$/i.test(target)) {
        const file = localPath(article, target);
        const slug = slugsByFile.get(file) ?? slugFromFileName(file);
        return policy.page(articlePath(slug) + (fragment ? `#${fragment}` : '')) ?? href;
      }
      // Any other relative link is relative to the article's own page.
      return policy.page(articlePath(article.slug) + href) ?? href;
    },
  };
}
