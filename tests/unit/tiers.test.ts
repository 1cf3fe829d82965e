// The unit tier runs on every save, in seconds: its tests start no browser, no process and no connection. They may
// import the code under test, the shared helpers and libraries that compute; not the command-line harness of the e2e
// tier, a process or network module, or a browser driver beyond its tables.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers.js';

const UNIT = path.join(REPO, 'tests', 'unit');

/** What a unit test may not import, and why. */
const REFUSED: [RegExp, string][] = [
  [/^(node:)?(child_process|cluster|net|http|https|http2|dgram|dns|tls)$/, 'starts a process or a connection'],
  [/^puppeteer-core$|^puppeteer$|^playwright/, 'drives a browser'],
  [/(^|\/)integration\//, "is the e2e tier's harness (it runs the CLI and Chromium)"],
];

describe('the unit tier', () => {
  const files = readdirSync(UNIT).filter((name) => name.endsWith('.ts'));

  it.each(files)('%s imports nothing that starts a browser, a process or a connection', (name) => {
    const text = readFileSync(path.join(UNIT, name), 'utf8');
    const imported = [...text.matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/gm)].map(
      (match) => match[1] ?? match[2] ?? '',
    );
    expect(imported.length).toBeGreaterThan(0);
    const refused = imported.flatMap((module) =>
      REFUSED.filter(([pattern]) => pattern.test(module)).map(([, why]) => `${module} ${why}`),
    );
    expect(refused).toEqual([]);
  });
});
