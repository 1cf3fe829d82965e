// The content report (`leaflet report`) as a page of the preview, made afresh from the files at every request, each
// article linked to its page and its quality checks.
import { todayIso } from '../../check/governance.js';
import { loadConfig } from '../../config/load-config.js';
import { renderReportPage } from '../report/html.js';
import { makeReport } from '../report/report.js';
import { DUE_WITHIN_DAYS } from '../report/rows.js';

/** The report page of every article, drafts included. */
export async function renderReport(
  cwd: string,
  configFile: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const config = await loadConfig(cwd, configFile);
  const report = await makeReport({ config, cwd, paths: [], today: todayIso(), dueWithinDays: DUE_WITHIN_DAYS });
  return renderReportPage({
    config,
    cwd,
    ...report,
    strictTemplates: env.LEAFLET_STRICT_TEMPLATES === '1',
    links: (slug) => ({ page: `/${slug}/`, check: `/__leaflet/check/${slug}/` }),
  });
}
