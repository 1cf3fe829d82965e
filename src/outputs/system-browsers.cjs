// Where Chrome, Chromium and Edge usually live on each platform. Plain CommonJS on purpose:
// `.puppeteerrc.cjs` reads this list during `npm ci` (before TypeScript is built) to decide whether
// Puppeteer needs to download a browser, and `browser.ts` reads the same list at run time.
'use strict';
const path = require('node:path');

/** Candidate executable paths for this platform, most likely first. */
function systemBrowserPaths(platform = process.platform, env = process.env) {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter(Boolean);
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

module.exports = { systemBrowserPaths };
