// `leaflet doctor`: what this machine and project give leaflet, and what to install when something is missing: the
// browser that prints (and why that one), the fonts for text and emoji, the config and the articles.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { discoverArticles } from '../../articles/discover.js';
import { loadArticles } from '../../articles/load-articles.js';
import { loadConfig } from '../../config/load-config.js';
import { LeafletError, messageOf } from '../../errors.js';
import { EMOJI_FONTS, type ScriptFonts, scriptFonts, TEXT_FONTS } from '../../formats/leaflet/fonts.js';
import { type BrowserSearch, describeBrowser, findBrowser, INSTALL_A_BROWSER } from '../../machinery/browsers.js';
import { TOOL_PACKAGE, TOOL_VERSION } from '../../version.js';

/** One thing looked at. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** What was found, or that nothing was. */
  found: string;
  /** What to do about it, when it is missing. */
  fix?: string;
}

export interface DoctorReport {
  /** patient-leaflet, Node.js and the platform. */
  about: string;
  checks: DoctorCheck[];
  ok: boolean;
}

export interface DoctorOptions {
  cwd: string;
  configFile?: string | undefined;
  /** Where to look for a browser (explicit path, environment, system paths, cache). */
  search?: BrowserSearch;
  /** The font families installed, or undefined when they cannot be listed (no fontconfig). Default: `fc-list`. */
  fonts?: () => string[] | undefined;
  platform?: NodeJS.Platform;
}

/** Look at the machine and the project. */
export async function diagnose(options: DoctorOptions): Promise<DoctorReport> {
  const platform = options.platform ?? process.platform;
  const families = (options.fonts ?? installedFonts)();
  const project = await projectChecks(options);
  const checks = [
    browserCheck(options.search ?? {}),
    ...fontChecks(platform, families),
    ...scriptFontChecks(project.languages, platform, families),
    ...project.checks,
  ];
  return {
    about: `${TOOL_PACKAGE} ${TOOL_VERSION}, Node.js ${process.version}, ${platform} ${process.arch}`,
    checks,
    ok: checks.every((check) => check.ok),
  };
}

function browserCheck(search: BrowserSearch): DoctorCheck {
  try {
    const found = findBrowser(search);
    return { name: 'browser', ok: true, found: `${found.path} (${describeBrowser(found)})` };
  } catch (error) {
    const fix =
      error instanceof LeafletError && /no Chrome or Chromium found/.test(error.message)
        ? INSTALL_A_BROWSER
        : 'Fix the path, or unset it to use the browser leaflet finds.';
    return { name: 'browser', ok: false, found: messageOf(error).replace(/\. Install one.*$/, ''), fix };
  }
}

/** The fonts a leaflet is drawn with. Only Linux needs fonts installed by hand; macOS and Windows come with them. */
function fontChecks(platform: NodeJS.Platform, families: string[] | undefined): DoctorCheck[] {
  if (platform !== 'linux') {
    return [
      { name: 'text font', ok: true, found: "the system's (Arial)" },
      { name: 'emoji font', ok: true, found: platform === 'darwin' ? 'Apple Color Emoji' : 'Segoe UI Emoji' },
    ];
  }
  if (!families) {
    const fix =
      'Install fontconfig and fonts: sudo apt-get install -y fontconfig fonts-liberation fonts-noto-color-emoji';
    return [{ name: 'fonts', ok: false, found: 'cannot list the fonts (fc-list is not installed)', fix }];
  }
  const has = (family: string): boolean =>
    families.some((installed) => installed.toLowerCase() === family.toLowerCase());
  const text = TEXT_FONTS.find(has);
  const emoji = EMOJI_FONTS.find(has);
  return [
    text
      ? { name: 'text font', ok: true, found: text }
      : {
          name: 'text font',
          ok: false,
          found: `none of ${TEXT_FONTS.join(', ')}: text falls back to another font`,
          fix: 'sudo apt-get install -y fonts-liberation',
        },
    emoji
      ? { name: 'emoji font', ok: true, found: emoji }
      : {
          name: 'emoji font',
          ok: false,
          found: 'none: emoji print as empty boxes',
          fix: 'sudo apt-get install -y fonts-noto-color-emoji',
        },
  ];
}

/**
 * For each script the project's articles are written in (Arabic, Chinese…), whether a font made for it is installed.
 */
function scriptFontChecks(
  languages: ReadonlyMap<string, number>,
  platform: NodeJS.Platform,
  families: string[] | undefined,
): DoctorCheck[] {
  if (platform !== 'linux' || !families) return [];
  const has = (family: string): boolean =>
    families.some((installed) => installed.toLowerCase() === family.toLowerCase());
  const byScript = new Map<string, { fonts: ScriptFonts; langs: string[]; articles: number }>();
  for (const [lang, count] of languages) {
    const fonts = scriptFonts(lang);
    if (!fonts) continue;
    const entry = byScript.get(fonts.script) ?? { fonts, langs: [], articles: 0 };
    entry.langs.push(lang);
    entry.articles += count;
    byScript.set(fonts.script, entry);
  }
  return [...byScript.values()].map(({ fonts, langs, articles }) => {
    const found = fonts.families.find(has);
    const used = `${articles} ${articles === 1 ? 'article' : 'articles'} in ${langs.join(', ')}`;
    return found
      ? { name: `${fonts.script} font`, ok: true, found: `${found} (${used})` }
      : {
          name: `${fonts.script} font`,
          ok: false,
          found: `none of ${fonts.families.join(', ')}, for ${used}: their text prints in a fallback font or as boxes`,
          fix: `sudo apt-get install -y ${fonts.debianPackage}`,
        };
  });
}

/** Font families fontconfig knows, or undefined when fc-list is not there. */
function installedFonts(): string[] | undefined {
  try {
    const listed = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return [
      ...new Set(
        listed
          .split('\n')
          .flatMap((line) => line.split(','))
          .map((family) => family.trim())
          .filter(Boolean),
      ),
    ];
  } catch {
    return undefined;
  }
}

/** The config (valid, or what is wrong with it), how many articles it finds, and the languages they are in. */
async function projectChecks(
  options: DoctorOptions,
): Promise<{ checks: DoctorCheck[]; languages: Map<string, number> }> {
  const languages = new Map<string, number>();
  try {
    const config = await loadConfig(options.cwd, options.configFile);
    const patterns = [config.articles].flat();
    const articles = await discoverArticles(options.cwd, [...patterns]).catch(() => []);
    const where = config.file ? path.relative(options.cwd, config.file) || config.file : 'none found, so the defaults';
    const loaded = await loadArticles(config, { cwd: options.cwd, paths: [], drafts: true }).catch(() => undefined);
    for (const article of loaded?.articles ?? []) languages.set(article.lang, (languages.get(article.lang) ?? 0) + 1);
    const checks: DoctorCheck[] = [
      { name: 'config', ok: true, found: where },
      articles.length > 0
        ? { name: 'articles', ok: true, found: `${articles.length} in ${patterns.join(', ')}` }
        : {
            name: 'articles',
            ok: true,
            found: `none yet in ${patterns.join(', ')}: write one with "npx leaflet new \\"Title\\""`,
          },
    ];
    return { checks, languages };
  } catch (error) {
    return {
      checks: [
        {
          name: 'config',
          ok: false,
          found: error instanceof LeafletError ? error.format() : messageOf(error),
          fix: 'Fix the config file, or start a project with "npx leaflet init".',
        },
      ],
      languages,
    };
  }
}
