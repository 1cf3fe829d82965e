// Addresses on the clinic's website, where the web output is published: each article at
// `<website>/<slug>/`, its leaflet beside it, images under `assets/`.
import type { ResolvedConfig } from '../config/schema.js';

/** Join a site's base URL and a path inside it ("https://x.org/advice" + "a/" -> "https://x.org/advice/a/"). */
export function siteUrl(website: string | undefined, pathInSite: string): string | undefined {
  if (!website) return undefined;
  const base = website.endsWith('/') ? website : `${website}/`;
  return new URL(pathInSite.replace(/^\//, ''), base).href;
}

/** Path of an article's page inside the web output. */
export function articlePath(slug: string): string {
  return `${slug}/`;
}

/** Path of an article's printable PDF inside the web output (copied beside its page). */
export function leafletPath(slug: string): string {
  return `${slug}/${slug}.pdf`;
}

/** Path of a published image inside the web output. */
export function assetPath(name: string): string {
  return `assets/${name}`;
}

/** The article's web page on the clinic's site, when a website is configured. */
export function articleUrl(config: ResolvedConfig, slug: string): string | undefined {
  return siteUrl(config.clinic.website, articlePath(slug));
}
