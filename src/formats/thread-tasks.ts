// The tasks the build's article pool runs, here and on worker threads: each format's renderings, and the quality
// checks. The worker thread's file (thread-worker.ts, beside this one) serves the same table.
import type { Article } from '../articles/article.js';
import type { ArticleCheck } from '../check/check-article.js';
import type { ArticleChecker } from '../check/run-checks.js';
import type { ArticleWork, ThreadTable, ThreadTask } from '../machinery/threads.js';
import { emailTask } from './email/tasks.js';
import { sharedSite, webPageTask } from './web/tasks.js';

/** Run an article's quality checks. */
const checkTask: ThreadTask<Article, ArticleCheck> = {
  queue: 'check',
  async run(article, scope) {
    // Loaded when a thread first checks an article: with worker threads, the build's own thread may never (66 ms).
    const { createArticleChecker } = await import('../check/check-article.js');
    return scope.once('checker', () => createArticleChecker(scope.init.config))(article, scope.init.today);
  },
};

/** Every task of the pool, by the name a step asks for it with. */
export const THREAD_TABLE: ThreadTable = {
  tasks: { email: emailTask, 'web-page': webPageTask, check: checkTask },
  shared: { site: sharedSite },
  async warm(ahead) {
    if (!ahead.checks) return;
    await import('../check/check-article.js');
    if (ahead.spelling) await (await import('../check/spelling.js')).warmSpelling(ahead.spelling);
  },
};

/** The pool's checks as the quality checks ask for them. */
export function articleChecker(work: ArticleWork): ArticleChecker & { close(): Promise<void> } {
  return {
    check: (article) => work.run<ArticleCheck>('check', article),
    get inWorkers() {
      return work.inWorkers;
    },
    close: () => work.close(),
  };
}
