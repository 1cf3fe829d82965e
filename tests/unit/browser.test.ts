import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BrowserError } from '../../src/errors.js';
import { findBrowser, launchArgs } from '../../src/outputs/browser.js';

const require = createRequire(import.meta.url);
const { systemBrowserPaths } = require('../../src/outputs/system-browsers.cjs') as {
  systemBrowserPaths(platform?: string, env?: Record<string, string>): string[];
};

describe('finding a browser', () => {
  it('knows where browsers live on each platform', () => {
    expect(systemBrowserPaths('linux')).toContain('/usr/bin/chromium');
    expect(systemBrowserPaths('darwin')).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(systemBrowserPaths('win32', { PROGRAMFILES: 'C:\\Program Files' })).toContain(
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    );
  });

  it('uses --browser first and PUPPETEER_EXECUTABLE_PATH next', () => {
    expect(findBrowser(process.execPath, {})).toEqual({ path: process.execPath, source: '--browser' });
    expect(findBrowser(undefined, { PUPPETEER_EXECUTABLE_PATH: process.execPath })).toEqual({
      path: process.execPath,
      source: 'PUPPETEER_EXECUTABLE_PATH',
    });
  });

  it('explains a path that does not exist', () => {
    expect(() => findBrowser('/no/such/chrome', {})).toThrow(BrowserError);
    expect(() => findBrowser(undefined, { PUPPETEER_EXECUTABLE_PATH: '/no/such/chrome' })).toThrow(/PUPPETEER_EXECUTABLE_PATH/);
  });

  it('runs Chromium offline and quiet', () => {
    expect(launchArgs()).toEqual(expect.arrayContaining(['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu']));
  });
});
