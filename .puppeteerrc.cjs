// Puppeteer reads this file during `npm ci`. When a browser is already on the machine (Debian's
// `chromium`, an installed Chrome, or PUPPETEER_EXECUTABLE_PATH), skip Puppeteer's own Chrome
// download: it needs internet and leaflet finds the system browser at run time. With no browser
// on the machine, Puppeteer downloads Chrome as usual.
const { existsSync } = require('node:fs');
const { systemBrowserPaths } = require('./src/outputs/system-browsers.cjs');

const explicit = process.env.PUPPETEER_EXECUTABLE_PATH;
const systemBrowser = [explicit, ...systemBrowserPaths()].find((p) => p && existsSync(p));

/** @type {import('puppeteer').Configuration} */
module.exports = systemBrowser ? { skipDownload: true } : {};
