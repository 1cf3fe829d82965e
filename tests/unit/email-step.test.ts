// The email step's hand-over to the web step: the images its emails show, one of each. An email rendered on a worker
// thread arrives as a copy (a structured clone), with its own copy of each image, the logo's PNG bytes included.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/articles/load-articles.js';
import { loadConfig } from '../../src/config/load-config.js';
import { emailStep } from '../../src/formats/email/step.js';
import type { StepJob } from '../../src/formats/step.js';
import { THREAD_TABLE } from '../../src/formats/thread-tasks.js';
import { PrintCache } from '../../src/machinery/cache.js';
import { type ArticleWork, localWork } from '../../src/machinery/threads.js';
import { createRenderContext } from '../../src/render/context.js';
import { copySamples } from '../helpers.js';

describe('the email step', () => {
  it('hands on each image once, however many emails show it and whatever thread rendered them', async () => {
    const dir = copySamples({ exercises: false });
    const config = await loadConfig(dir);
    const { articles } = await loadArticles(config, { cwd: dir, paths: [], drafts: false });
    const ctx = createRenderContext(config, articles, { cwd: dir });
    const here = localWork(ctx, THREAD_TABLE, '2026-01-01');
    // As a worker thread answers: every email a copy of its own, made whole again by this thread. (The step asks for
    // nothing else.)
    const threaded = {
      run: async (name: string, payload: unknown) => {
        const task = THREAD_TABLE.tasks[name];
        const value = await here.run(name, payload);
        const sent = structuredClone(task?.toParent ? task.toParent(value) : value);
        return task?.fromWorker ? task.fromWorker(sent, ctx) : sent;
      },
    } as Pick<ArticleWork, 'run'> as ArticleWork;
    const outDir = path.join(dir, 'out');
    const job = {
      articles,
      ctx,
      cwd: dir,
      outDir,
      cache: await PrintCache.open(outDir, { root: dir }),
      sharedKey: 'test',
      work: threaded,
      shown: (file: string) => path.relative(dir, file),
      warn: () => undefined,
      output: async (_article, make) => (await make()).files.length > 0,
      fail: (error: unknown) => {
        throw error;
      },
    } as Partial<StepJob> as StepJob;

    const { assets } = await emailStep.run(job, {});

    // Every email shows the logo (an SVG, sent as a PNG): it is handed on once, not once per email.
    expect(articles.length).toBeGreaterThan(3);
    const names = assets.map((asset) => asset.name);
    expect(names.filter((name) => /^logo\..*\.png$/.test(name))).toHaveLength(1);
    expect(new Set(names).size).toBe(names.length);
    await here.close();
  });
});
