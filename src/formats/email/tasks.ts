// The email's work on the article pool's threads: render an article's email (both parts).
import type { Article } from '../../articles/article.js';
import type { ThreadTask } from '../../machinery/threads.js';
import { type RenderedEmail, renderEmail } from './render.js';

/**
 * Render an article's email; a worker sends its images back by name alone, and this thread uses its own copy of each.
 */
export const emailTask: ThreadTask<Article, RenderedEmail> = {
  queue: 'render',
  articleOf: (article) => article.file,
  run: (article, scope) => renderEmail(article, scope.ctx),
  // A PNG's bytes with every email were copied between the threads each time, 10,000 times over in a build of 10,000.
  toParent: (email) => ({ ...email, assets: email.assets.map(({ source, name }) => ({ source, name })) }),
  fromWorker: (email, ctx) => ({
    ...email,
    assets: email.assets.map((asset) => ctx.images.published(asset.source, asset.name) ?? asset),
  }),
};
