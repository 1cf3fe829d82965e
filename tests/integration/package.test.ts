// patient-leaflet as a clinic gets it: the packed package installed into an empty project, with no environment
// variables, then `npx leaflet init`, `build` and `check` run there with the system's browser, and a JS config that
// imports `defineConfig` from the package. npm reaches the registry for the package's dependencies.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildReport } from '../../src/machinery/report.js';
import { TODAY, tempDir } from '../helpers.js';
import { listFiles, pdfInfo, REPO } from './cli.js';

/** The environment a clinic's staff have: no leaflet or Puppeteer variables, no colours. */
const CLEAN_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(PUPPETEER_|LEAFLET_)/.test(name)),
);

let project: string;
let install: ReturnType<typeof spawnSync>;
let initialised: ReturnType<typeof npxLeaflet> | undefined;

/** `npx leaflet ...args` in the clinic's project (or a folder of it). */
function npxLeaflet(args: string[], cwd = project): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync('npx', ['--no-install', 'leaflet', ...args], {
    cwd,
    env: { ...CLEAN_ENV, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  const packs = tempDir('leaflet-pack-');
  // The compiled code is already in dist/ (npm test builds it first): packing must not build it again under the feet of
  // the other tests.
  const tarball =
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packs], { cwd: REPO, encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1) ?? '';
  project = tempDir('leaflet-clinic-');
  writeFileSync(
    path.join(project, 'package.json'),
    `${JSON.stringify({ name: 'riverside-leaflets', private: true }, null, 2)}\n`,
  );
  install = spawnSync(
    'npm',
    ['install', '--save-dev', path.join(packs, tarball), '--no-audit', '--no-fund', '--prefer-offline'],
    { cwd: project, env: CLEAN_ENV, encoding: 'utf8' },
  );
  if (install.status === 0)
    initialised = npxLeaflet([
      'init',
      '--name',
      'Riverside Physio',
      '--website',
      'https://riverside.example/advice',
      '--today',
      TODAY,
    ]);
});

describe("the packed package in a clinic's own project", () => {
  it('installs with no environment variables and downloads no browser', () => {
    expect(install.status, String(install.stderr)).toBe(0);
    const installed = JSON.parse(
      readFileSync(path.join(project, 'node_modules', 'patient-leaflet', 'package.json'), 'utf8'),
    ) as { bin: Record<string, string> };
    expect(installed.bin).toEqual({ leaflet: 'bin/leaflet.js' });
    // No Puppeteer that would download Chrome: only puppeteer-core, which never does.
    expect(listFiles(path.join(project, 'node_modules')).some((file) => file.startsWith('puppeteer/'))).toBe(false);
  });

  it('ships what it runs with and nothing more', () => {
    const shipped = listFiles(path.join(project, 'node_modules', 'patient-leaflet'));
    expect(shipped).toContain('dist/cli.js');
    expect(shipped).toContain('templates/leaflet/layout.hbs');
    expect(shipped.filter((file) => /^(src|tests|docs|scripts)\/|\.map$|^\.puppeteerrc/.test(file))).toEqual([]);
  });

  it('starts a project with init, and builds and checks it with the system browser', () => {
    expect(initialised?.code, initialised?.stderr).toBe(0);
    const built = npxLeaflet(['build', '--json', '--today', TODAY]);
    expect(built.code, built.stderr).toBe(0);
    const report = JSON.parse(built.stdout) as BuildReport;
    expect(report.browserLaunches).toBe(1);
    // The example article and the example exercise, in every format, and the example pack.
    expect(report.totals.leaflet.built + report.totals.email.built + report.totals.web.built).toBe(6);
    expect(report.packs?.map((pack) => pack.status)).toEqual(['built']);
    const out = path.join(project, 'out');
    expect(pdfInfo(path.join(out, 'leaflet', 'staying-active-with-back-pain.pdf')).Title).toBe(
      'Staying active when your back hurts',
    );
    expect(readFileSync(path.join(out, 'email', 'staying-active-with-back-pain.txt'), 'utf8')).toContain(
      'Keep moving.',
    );
    expect(readFileSync(path.join(out, 'web', 'index.html'), 'utf8')).toContain('Riverside Physio');
    const checked = npxLeaflet(['check', '--today', TODAY]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('✓ 0 errors, 0 warnings in 2 articles');
  });

  it('reads a leaflet.config.mjs that imports defineConfig from the package', () => {
    // A folder of the project with a JS config in place of the YAML one, and the example article.
    const folder = path.join(project, 'js-config');
    for (const entry of ['articles', 'brand'])
      cpSync(path.join(project, entry), path.join(folder, entry), { recursive: true });
    writeFileSync(
      path.join(folder, 'leaflet.config.mjs'),
      "import { defineConfig } from 'patient-leaflet';\n\nexport default defineConfig({ clinic: { " +
        "name: 'Configured in JavaScript', logo: './brand/logo.svg' } });\n",
    );
    const built = npxLeaflet(['build', '-f', 'web', '--today', TODAY], folder);
    expect(built.code, built.stderr).toBe(0);
    expect(readFileSync(path.join(folder, 'out', 'web', 'index.html'), 'utf8')).toContain('Configured in JavaScript');
    const doctor = npxLeaflet(['doctor'], folder);
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toContain('✓ config      leaflet.config.mjs');
  });
});
