// A worker thread of the article pool (see workers.ts): it renders articles' emails and runs their quality checks
// with a render context of its own, built from the config and the slugs the build sends when it starts the thread,
// and answers each task by its id. Errors go back in parts (code, message, file, line), since an Error loses its class
// on the way between threads.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Article } from '../articles/article.js';
import type { Translation } from '../articles/translations.js';
import { type ArticleCheck, createArticleChecker } from '../check/check-article.js';
import type { ResolvedConfig } from '../config/schema.js';
import { LeafletError, messageOf } from '../errors.js';
import { createRenderContext, type RenderContext } from '../render/context.js';
import { type RenderedEmail, renderEmail } from '../render/email.js';
import { createSite, type RenderedPage, renderPage, type Site, type SiteEntry } from '../render/web.js';

/** What the thread is started with: what every task shares. */
export interface WorkerInit {
  config: ResolvedConfig;
  /** Every article of the build by file, with its slug (for links between articles). */
  slugs: [string, string][];
  /** Each article's versions in other languages, by slug. */
  translations: [string, readonly Translation[]][];
  cwd: string;
  strictTemplates: boolean;
  /** The date review dates are checked against. */
  today: string;
  /** Run at the lowest priority: set while leaflets print, so that the browser is not kept waiting. */
  lowPriority: boolean;
}

/** One piece of work. */
export type WorkerTask =
  | { id: number; kind: 'email'; article: Article }
  | { id: number; kind: 'web'; entry: SiteEntry }
  | { id: number; kind: 'check'; article: Article };

/** The site the web pages are part of (its articles without their bodies), sent before the first page. */
export interface WorkerSite {
  kind: 'site';
  entries: SiteEntry[];
}

/** An error as it crosses between threads. */
export interface WorkerError {
  code?: LeafletError['code'];
  message: string;
  file?: string;
  line?: number;
  stack?: string;
}

/** The answer to one task. */
export type WorkerAnswer =
  | { id: number; ok: true; value: RenderedEmail | RenderedPage | ArticleCheck }
  | { id: number; ok: false; error: WorkerError };

const init = workerData as WorkerInit;
if (init.lowPriority) lowerPriority();

let context: RenderContext | undefined;
let checker: ((article: Article, today: string) => ArticleCheck) | undefined;
let site: Site | undefined;

/** The render context, made for the first email: the slugs stand in for the articles, whose bodies it never reads. */
function renderContext(): RenderContext {
  context ??= createRenderContext(init.config, [], {
    cwd: init.cwd,
    strictTemplates: init.strictTemplates,
    slugs: new Map(init.slugs),
    translations: new Map(init.translations),
  });
  return context;
}

async function run(task: WorkerTask): Promise<RenderedEmail | RenderedPage | ArticleCheck> {
  switch (task.kind) {
    case 'email': {
      // The images by name alone: the build's thread has its own copy of each (a PNG's bytes with every email were
      // copied between the threads each time, 10,000 times over in a build of 10,000 emails).
      const email = await renderEmail(task.article, renderContext());
      return { ...email, assets: email.assets.map(({ source, name }) => ({ source, name })) };
    }
    case 'web':
      if (!site) throw new Error('a web page was asked for before its site');
      return renderPage(task.entry, site, renderContext());
    case 'check':
      checker ??= createArticleChecker(init.config);
      return checker(task.article, init.today);
  }
}

parentPort?.on('message', (task: WorkerTask | WorkerSite) => {
  if (task.kind === 'site') {
    site = createSite(task.entries);
    return;
  }
  run(task).then(
    (value) => parentPort?.postMessage({ id: task.id, ok: true, value } satisfies WorkerAnswer),
    (error: unknown) =>
      parentPort?.postMessage({ id: task.id, ok: false, error: workerError(error) } satisfies WorkerAnswer),
  );
});

function workerError(error: unknown): WorkerError {
  if (error instanceof LeafletError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.file ? { file: error.file } : {}),
      ...(error.line ? { line: error.line } : {}),
    };
  }
  return { message: messageOf(error), ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
}

/** On Linux a thread has its own nice value, set through its thread id; elsewhere, or when not allowed, nothing. */
function lowerPriority(): void {
  try {
    const tid = Number(/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (tid) setPriority(tid, 19);
  } catch {
    // The work runs at normal priority.
  }
}
