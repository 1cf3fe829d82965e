// The content report (`leaflet report`) as a page of the preview, made afresh from the files at every request, each
// article linked to its page and its quality checks. Its checks are taken from the preview's own builds where nothing
// they depend on changed (the incremental cache in its output folder), as `leaflet report` takes them.
import { todayIso } from '../../check/governance.js';
import { loadConfig } from '../../config/load-config.js';
import type { ResolvedConfig } from '../../config/schema.js';
import { withSharedChecks } from '../check.js';
import { renderReportPage } from '../report/html.js';
import { makeReport, type Report } from '../report/report.js';
import { DUE_WITHIN_DAYS } from '../report/rows.js';

/** Where the preview builds, and what it says when its cache cannot be read. */
export interface PreviewReportOptions {
  cwd: string;
  configFile: string | undefined;
  /** The preview's output folder (`--out`), whose cache its builds keep. */
  out: string;
  warn(message: string): void;
  /** The date of the report (YYYY-MM-DD); today by default. */
  today?: string;
}

/**
 * The report of every article, drafts included. The cache is only read: the preview's next build keeps the checks
 * (it rebuilds on every save), and a page asked for while a build runs does not write the cache under it.
 */
export async function previewReport(options: PreviewReportOptions): Promise<Report> {
  return reportOf(await loadConfig(options.cwd, options.configFile), options);
}

function reportOf(
  config: ResolvedConfig,
  { cwd, out, warn, today = todayIso() }: PreviewReportOptions,
): Promise<Report> {
  return withSharedChecks({ config, cwd, flags: { out }, today, warn, save: false }, (shared) =>
    makeReport({ config, cwd, paths: [], today, dueWithinDays: DUE_WITHIN_DAYS, ...shared }),
  );
}

/** The report page. */
export async function renderReport(options: PreviewReportOptions, env: NodeJS.ProcessEnv): Promise<string> {
  const config = await loadConfig(options.cwd, options.configFile);
  return renderReportPage({
    config,
    cwd: options.cwd,
    ...(await reportOf(config, options)),
    strictTemplates: env.LEAFLET_STRICT_TEMPLATES === '1',
    links: (slug) => ({ page: `/${slug}/`, check: `/__leaflet/check/${slug}/` }),
  });
}
