// Which Chrome or Chromium prints the leaflets, and how to get one. leaflet depends on puppeteer-core, which never
// downloads a browser on its own: installing the tool works offline. It prints with, in this order, the browser given
// with --browser, the one PUPPETEER_EXECUTABLE_PATH names, one installed on the system (Debian's chromium, Google
// Chrome, Microsoft Edge), or one that `leaflet browser install` downloaded into leaflet's cache folder.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PUPPETEER_REVISIONS } from 'puppeteer-core/internal/revisions.js';
import { BrowserError, messageOf } from '../errors.js';

// @puppeteer/browsers is loaded only when a browser must be looked for in the cache, or downloaded: most machines have
// one installed, and most builds need no browser at all.
const require = createRequire(import.meta.url);
const browsersPackage = (): typeof import('@puppeteer/browsers') =>
  require('@puppeteer/browsers') as typeof import('@puppeteer/browsers');

/** A browser executable, how it was found, and why it is the one used. */
export interface FoundBrowser {
  path: string;
  source: '--browser' | 'PUPPETEER_EXECUTABLE_PATH' | 'system' | 'downloaded';
}

/** Where to look for a browser; each part defaults to this machine's. */
export interface BrowserSearch {
  /** `--browser`. */
  explicit?: string | undefined;
  /** The environment: PUPPETEER_EXECUTABLE_PATH, LEAFLET_CACHE_DIR, and the platform's own folders. */
  env?: NodeJS.ProcessEnv | undefined;
  /** Where system browsers are installed (default: the usual places on this platform). */
  systemPaths?: readonly string[];
  /** Where `leaflet browser install` puts browsers (default: `browserCacheDir`). */
  cacheDir?: string;
}

/** What to do when there is no browser, for every message that needs to say it. */
export const INSTALL_A_BROWSER =
  'Install one (Debian/Ubuntu: "sudo apt-get install -y chromium"; macOS or Windows: Google Chrome), ' +
  'or download one for leaflet with "npx leaflet browser install", or pass --browser <path>.';

/** Find the browser to print with; throws a BrowserError saying what to install when there is none. */
export function findBrowser(search: BrowserSearch = {}): FoundBrowser {
  const env = search.env ?? process.env;
  if (search.explicit) {
    if (!existsSync(search.explicit))
      throw new BrowserError(
        `--browser ${search.explicit}: no such file. Give the path of a Chrome or Chromium executable.`,
      );
    return { path: search.explicit, source: '--browser' };
  }
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new BrowserError(`PUPPETEER_EXECUTABLE_PATH=${fromEnv}: no such file. Fix or unset it.`);
    return { path: fromEnv, source: 'PUPPETEER_EXECUTABLE_PATH' };
  }
  const system = (search.systemPaths ?? systemBrowserPaths(process.platform, env)).find((candidate) =>
    existsSync(candidate),
  );
  if (system) return { path: system, source: 'system' };
  const downloaded = downloadedBrowser(search.cacheDir ?? browserCacheDir(env));
  if (downloaded) return { path: downloaded, source: 'downloaded' };
  throw new BrowserError(
    `no Chrome or Chromium found, so PDF leaflets cannot be printed (email and web still build). ${INSTALL_A_BROWSER}`,
  );
}

/** Why the found browser is the one used, in words for `leaflet doctor`. */
export function describeBrowser(found: FoundBrowser): string {
  switch (found.source) {
    case '--browser':
      return 'given with --browser';
    case 'PUPPETEER_EXECUTABLE_PATH':
      return 'named by PUPPETEER_EXECUTABLE_PATH';
    case 'system':
      return 'installed on this computer';
    case 'downloaded':
      return 'downloaded by "leaflet browser install"';
  }
}

/** Candidate executable paths of Chrome, Chromium and Edge on `platform`, most likely first. */
export function systemBrowserPaths(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter(
      (root): root is string => !!root,
    );
    const apps = [
      ['Google', 'Chrome', 'Application', 'chrome.exe'],
      ['Chromium', 'Application', 'chrome.exe'],
      ['Microsoft', 'Edge', 'Application', 'msedge.exe'],
    ];
    return apps.flatMap((parts) => roots.map((root) => path.win32.join(root, ...parts)));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
  ];
}

/**
 * The folder `leaflet browser install` downloads into: LEAFLET_CACHE_DIR/browsers when set, otherwise the platform's
 * cache folder (~/.cache/patient-leaflet on Linux, ~/Library/Caches/patient-leaflet on macOS, %LOCALAPPDATA% on
 * Windows).
 */
export function browserCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = os.homedir(),
): string {
  if (env.LEAFLET_CACHE_DIR) return path.join(env.LEAFLET_CACHE_DIR, 'browsers');
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'patient-leaflet', 'browsers');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'patient-leaflet', 'browsers');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'patient-leaflet', 'browsers');
}

/** The Chrome in `cacheDir` that matches this version of leaflet, or else the newest one there. */
function downloadedBrowser(cacheDir: string): string | undefined {
  if (!existsSync(cacheDir)) return undefined;
  const { Browser, Cache } = browsersPackage();
  const chromes = new Cache(cacheDir)
    .getInstalledBrowsers()
    .filter((installed) => installed.browser === Browser.CHROME && existsSync(installed.executablePath))
    .sort((a, b) => b.buildId.localeCompare(a.buildId, undefined, { numeric: true }));
  return (chromes.find((installed) => installed.buildId === PUPPETEER_REVISIONS.chrome) ?? chromes[0])?.executablePath;
}

/** What `installBrowser` needs: where to put it, and who wants to hear how the download goes. */
export interface BrowserInstall {
  cacheDir: string;
  /** Called as the download goes, with bytes done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** A mirror of Google's Chrome for Testing downloads (PUPPETEER_DOWNLOAD_BASE_URL). */
  baseUrl?: string | undefined;
}

/** Download the Chrome for Testing that this version of leaflet was made with into `cacheDir`. */
export async function installBrowser(options: BrowserInstall): Promise<{ path: string; version: string }> {
  const { Browser, detectBrowserPlatform, install } = browsersPackage();
  const platform = detectBrowserPlatform();
  if (!platform)
    throw new BrowserError(
      `there is no Chrome for Testing download for ${os.platform()} ${os.arch()}. ${INSTALL_A_BROWSER}`,
    );
  const version = PUPPETEER_REVISIONS.chrome;
  try {
    const installed = await install({
      browser: Browser.CHROME,
      buildId: version,
      cacheDir: options.cacheDir,
      platform,
      ...(options.onProgress ? { downloadProgressCallback: options.onProgress } : {}),
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    });
    return { path: installed.executablePath, version };
  } catch (error) {
    const reason = messageOf(error)
      .replace(/\s+/g, ' ')
      .replace(/^All providers failed for chrome [\d.]+: - DefaultProvider: /, '');
    throw new BrowserError(
      `could not download Chrome ${version}: ${reason}. Check the internet connection, or install a browser yourself.`,
      { cause: error },
    );
  }
}
