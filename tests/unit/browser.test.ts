import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PUPPETEER_REVISIONS } from 'puppeteer-core/internal/revisions.js';
import { describe, expect, it } from 'vitest';
import { BrowserError } from '../../src/errors.js';
import { launchArgs } from '../../src/machinery/browser.js';
import { browserCacheDir, findBrowser, systemBrowserPaths } from '../../src/machinery/browsers.js';
import { tempDir } from '../helpers.js';

/** A file that stands in for a browser executable. */
function fakeExecutable(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

/** A cache folder holding Chrome `version`, laid out as `leaflet browser install` leaves it. */
function cacheWithChrome(version: string): { cacheDir: string; executable: string } {
  const cacheDir = tempDir();
  const executable = fakeExecutable(path.join(cacheDir, 'chrome', `linux-${version}`, 'chrome-linux64', 'chrome'));
  return { cacheDir, executable };
}

describe('which browser prints the leaflets', () => {
  const system = fakeExecutable(path.join(tempDir(), 'usr', 'bin', 'chromium'));
  const other = fakeExecutable(path.join(tempDir(), 'opt', 'chrome'));
  const cached = cacheWithChrome(PUPPETEER_REVISIONS.chrome);
  const nowhere = { systemPaths: [], cacheDir: tempDir(), env: {} };

  it('uses the path given with --browser before anything else', () => {
    expect(
      findBrowser({
        explicit: other,
        env: { PUPPETEER_EXECUTABLE_PATH: system },
        systemPaths: [system],
        cacheDir: cached.cacheDir,
      }),
    ).toEqual({ path: other, source: '--browser' });
  });

  it('uses PUPPETEER_EXECUTABLE_PATH next', () => {
    expect(
      findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: other }, systemPaths: [system], cacheDir: cached.cacheDir }),
    ).toEqual({ path: other, source: 'PUPPETEER_EXECUTABLE_PATH' });
  });

  it('uses a browser installed on the system next', () => {
    expect(findBrowser({ env: {}, systemPaths: ['/no/such/chrome', system], cacheDir: cached.cacheDir })).toEqual({
      path: system,
      source: 'system',
    });
  });

  it(
    'uses a browser that "leaflet browser install" downloaded when the system has none, preferring ' +
      'the version leaflet was made with',
    () => {
      expect(findBrowser({ ...nowhere, cacheDir: cached.cacheDir })).toEqual({
        path: cached.executable,
        source: 'downloaded',
      });
      const older = cacheWithChrome('120.0.6099.109');
      fakeExecutable(
        path.join(older.cacheDir, 'chrome', `linux-${PUPPETEER_REVISIONS.chrome}`, 'chrome-linux64', 'chrome'),
      );
      expect(findBrowser({ ...nowhere, cacheDir: older.cacheDir }).path).toContain(PUPPETEER_REVISIONS.chrome);
      expect(findBrowser({ ...nowhere, cacheDir: cacheWithChrome('120.0.6099.109').cacheDir }).path).toContain(
        '120.0.6099.109',
      );
    },
  );

  it('says what to install when there is none', () => {
    expect(() => findBrowser(nowhere)).toThrow(BrowserError);
    expect(() => findBrowser(nowhere)).toThrow(/apt-get install -y chromium.*npx leaflet browser install.*--browser/);
  });

  it('explains a path that does not exist', () => {
    expect(() => findBrowser({ ...nowhere, explicit: '/no/such/chrome' })).toThrow(
      '--browser /no/such/chrome: no such file',
    );
    expect(() => findBrowser({ ...nowhere, env: { PUPPETEER_EXECUTABLE_PATH: '/no/such/chrome' } })).toThrow(
      /PUPPETEER_EXECUTABLE_PATH=\/no\/such\/chrome: no such file/,
    );
  });

  it('knows where browsers live on each platform', () => {
    expect(systemBrowserPaths('linux')).toContain('/usr/bin/chromium');
    expect(systemBrowserPaths('darwin')).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(systemBrowserPaths('win32', { PROGRAMFILES: 'C:\\Program Files' })).toContain(
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    );
  });

  it("downloads into the platform's cache folder, or LEAFLET_CACHE_DIR", () => {
    expect(browserCacheDir({}, 'linux', '/home/sam')).toBe('/home/sam/.cache/patient-leaflet/browsers');
    expect(browserCacheDir({ XDG_CACHE_HOME: '/var/cache/sam' }, 'linux', '/home/sam')).toBe(
      '/var/cache/sam/patient-leaflet/browsers',
    );
    expect(browserCacheDir({}, 'darwin', '/Users/sam')).toBe('/Users/sam/Library/Caches/patient-leaflet/browsers');
    expect(browserCacheDir({ LEAFLET_CACHE_DIR: '/ci/cache' }, 'linux', '/home/sam')).toBe('/ci/cache/browsers');
  });

  it('runs Chromium offline and quiet', () => {
    expect(launchArgs()).toEqual(
      expect.arrayContaining([
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-gpu',
      ]),
    );
  });
});
