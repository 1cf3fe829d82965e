// The email step: each article as an HTML email with its plain-text part, written to out/email/, unless the
// incremental cache says neither the article nor anything it uses changed. It hands the web step the images its emails
// show, which must be published on the clinic's site where the emails point.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article } from '../../articles/article.js';
import { writeFileAtomic } from '../../machinery/writer.js';
import type { PublishedAsset } from '../../render/assets.js';
import type { OutputStep, StepJob, Written } from '../step.js';
import { gmailClipWarning, type RenderedEmail } from './render.js';

/** What the email step hands on: the images its emails show from the site. */
export interface EmailImages {
  assets: readonly PublishedAsset[];
}

export const emailStep: OutputStep<EmailImages, 'email'> = {
  format: 'email',
  after: [],

  async run(job) {
    const { config } = job.ctx;
    if (job.articles.length > 0 && !config.clinic.website) {
      const file = config.file ? job.shown(config.file) : 'leaflet.config';
      job.warn({
        file,
        message:
          "clinic.website is not set, so email links and images cannot point to the clinic's " +
          'website. Set it in the config.',
      });
    }
    const templates = (await job.ctx.templates.load('email')).stamp;
    // One of each by its name: an email rendered on a worker thread hands back its own copy of each image (the logo's
    // PNG bytes included), and a set of those copies grew by one per email (64 MB over 10,000 emails).
    const assets = new Map<string, PublishedAsset>();
    await Promise.all(
      job.articles.map((article) => job.output(article, () => writeEmail(article, job, templates, assets))),
    );
    return { assets: [...assets.values()] };
  },

  kept: () => ({ assets: [] }),
};

async function writeEmail(
  article: Article,
  job: StepJob,
  templates: string,
  assets: Map<string, PublishedAsset>,
): Promise<Written> {
  const html = path.join(job.outDir, 'email', `${article.slug}.html`);
  const text = path.join(job.outDir, 'email', `${article.slug}.txt`);
  const warnIfClipped = (bytes: number): void => {
    const warning = gmailClipWarning(article.shownPath, bytes);
    if (warning) job.warn(warning);
  };
  // Kept when the article, its images, the logo, the config and the templates are as when it was written.
  const name = `email/${article.slug}`;
  const key = job.cache.inputKey({
    format: 'email',
    article: job.cache.articleKey(article),
    shared: job.sharedKey,
    templates,
  });
  const inputs = job.ctx.localFiles(article);
  if (await job.cache.outputsFresh(name, key, inputs)) {
    warnIfClipped((await stat(html)).size);
    return { files: [html, text], unchanged: true };
  }
  job.cache.forgetOutputs(name);
  const email = await job.work.run<RenderedEmail>('email', article);
  for (const asset of email.assets) if (!assets.has(asset.name)) assets.set(asset.name, asset);
  warnIfClipped(Buffer.byteLength(email.html));
  const write = async (file: string, content: string): Promise<void> => {
    await writeFileAtomic(file, content);
    await job.cache.wrote(file, content);
  };
  // One after the other, so that a folder that cannot be written is reported for the HTML, whichever is faster.
  await write(html, email.html);
  await write(text, email.text);
  await job.cache.recordOutputs(name, key, inputs, [html, text], article.file);
  return { files: [html, text] };
}
