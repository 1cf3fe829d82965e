// The web site's work on the article pool's threads: render an article's page, in the site shared with every thread.
import type { SharedValue, ThreadTask } from '../../machinery/threads.js';
import { createSite, type RenderedPage, renderPage, type Site, type SiteEntry } from './render.js';

/** Render an article's page, in the site last shared as "site". */
export const webPageTask: ThreadTask<SiteEntry, RenderedPage> = {
  queue: 'render',
  articleOf: (entry) => entry.article.file,
  run: (entry, scope) => renderPage(entry, scope.shared<Site>('site'), scope.ctx),
};

/**
 * The site the pages are part of: the threads get its articles without their bodies (a page shows only the others'
 * titles and summaries).
 */
export const sharedSite: SharedValue<Site, SiteEntry[]> = {
  toWorker: (site) => site.entries.map((entry) => ({ article: { ...entry.article, body: '' }, hasPdf: entry.hasPdf })),
  fromParent: (entries) => createSite(entries),
};
