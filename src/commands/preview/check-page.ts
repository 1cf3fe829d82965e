// The quality checks of one article as a page in the preview, fresh from the file at every request: what
// `leaflet check` would say, beside the article while it is being written.
import { readFile } from 'node:fs/promises';
import { loadArticles } from '../../articles/load-articles.js';
import { createArticleChecker } from '../../check/check-article.js';
import { byPlace } from '../../check/findings.js';
import { describeStats } from '../../check/format.js';
import { todayIso } from '../../check/governance.js';
import { createSpelling, type Spelling } from '../../check/spelling.js';
import { loadConfig } from '../../config/load-config.js';
import type { ResolvedConfig } from '../../config/schema.js';
import { escapeHtml } from './print-preview.js';

/** What the toolbar says, and the page that lists the findings. */
export interface CheckPage {
  warnings: number;
  errors: number;
  html: string;
  /** The article is a draft (`draft: true`): the preview marks its pages. */
  draft: boolean;
}

/** The spelling dictionaries of one preview, kept while the clinic's words stay the same (each takes a second). */
export type SpellingKeeper = (config: ResolvedConfig) => Spelling;

/** A keeper of the dictionaries for the check pages of one preview. */
export function keepSpelling(): SpellingKeeper {
  let kept: { key: string; spelling: Spelling } | undefined;
  return (config) => {
    const key = JSON.stringify([config.clinicWords, config.clinic.name, config.clinic.address]);
    if (kept?.key !== key) kept = { key, spelling: createSpelling(config) };
    return kept.spelling;
  };
}

/**
 * The check page of the article with `slug` (drafts included), or undefined when there is none. `spelling` keeps the
 * dictionaries from one page to the next.
 */
export async function renderCheckPage(
  cwd: string,
  configFile: string | undefined,
  slug: string,
  spelling: SpellingKeeper = keepSpelling(),
): Promise<CheckPage | undefined> {
  const config = await loadConfig(cwd, configFile);
  const loaded = await loadArticles(config, { cwd, paths: [], drafts: true });
  const article = loaded.articles.find((candidate) => candidate.slug === slug);
  if (!article) return undefined;
  const { findings, stats } = await createArticleChecker(config, spelling(config))(article, todayIso());
  findings.sort(byPlace);
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const source = (await readFile(article.file, 'utf8')).split('\n');
  const items = findings
    .map((finding) => {
      const place = finding.line
        ? `line ${finding.line}${finding.column ? `:${finding.column}` : ''}`
        : 'whole article';
      // The words the finding is about, from the article as it is now.
      const words = finding.line ? (source[finding.line - 1] ?? '').trim() : '';
      const quoted = words
        ? `<blockquote>${escapeHtml(words.length > 300 ? `${words.slice(0, 300)}…` : words)}</blockquote>`
        : '';
      return (
        `<li><strong>${finding.severity}</strong> <span class="place">${place}</span> ` +
        `${escapeHtml(finding.message)} <code>${finding.rule}</code>${quoted}</li>`
      );
    })
    .join('');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Quality check: ${escapeHtml(article.title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b2126}
li{margin:.5rem 0}.place{color:#4a5560}code{color:#4a5560;font-size:.875em}
blockquote{margin:.25rem 0 0;padding:.25rem .75rem;border-left:4px solid #c9d1d9;color:#2b3540}</style></head>
<body><main><h1>Quality check: ${escapeHtml(article.title)}</h1>
<p>${escapeHtml(article.shownPath)}. ${describeStats(stats)
    .map((line) => escapeHtml(line.charAt(0).toUpperCase() + line.slice(1)))
    .join('. ')}.</p>
${findings.length ? `<ul>${items}</ul>` : '<p>No problems found.</p>'}
<p>This page is checked again every time it is loaded, and reloads when you save. <a href="/${slug}/">Back to the web page</a></p>
</main></body></html>`;
  return { warnings: findings.length - errors, errors, html, draft: article.draft };
}
