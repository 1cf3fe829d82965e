// A clinic's own project: `leaflet init` starts it, `leaflet doctor` says what the machine gives leaflet, and
// `leaflet browser install` downloads a browser for a machine that has none (here from a local stand-in for Google's
// download server, with a stand-in browser).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { PUPPETEER_REVISIONS } from 'puppeteer-core/internal/revisions.js';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { diagnose } from '../../src/commands/doctor/diagnose.js';
import { findBrowser } from '../../src/machinery/browsers.js';
import { TODAY, tempDir } from '../helpers.js';
import { leaflet, listFiles, REPO, sharedBrowser } from './cli.js';

const browser = sharedBrowser();

describe('leaflet init', () => {
  it('starts a project that checks and builds, and says what it wrote', async () => {
    const dir = tempDir();
    const run = await leaflet(
      [
        'init',
        'riverside',
        '--name',
        'Riverside Physio',
        '--website',
        'https://riverside.example/advice',
        '--colour',
        '#2a6f4e',
        '--today',
        TODAY,
      ],
      dir,
    );
    expect(run.code, run.stderr).toBe(0);
    const project = path.join(dir, 'riverside');
    expect(listFiles(project)).toEqual([
      '.github/workflows/leaflets.yml',
      '.gitignore',
      'articles/staying-active-with-back-pain.md',
      'brand/logo.svg',
      'exercises/images/knee-to-chest.svg',
      'exercises/knee-to-chest.md',
      'leaflet.config.yaml',
      'package.json',
      'packs/back-pain-first-visit.yaml',
      'words.txt',
    ]);
    expect(run.stderr).toContain('✓ wrote riverside/leaflet.config.yaml');
    // The clinic's word list starts empty, saying what it is for.
    const words = readFileSync(path.join(project, 'words.txt'), 'utf8').split('\n');
    expect(words.filter((line) => line.trim() !== '' && !line.startsWith('#'))).toEqual([]);
    expect(words[0]).toMatch(/^# The clinic's own words for the spelling check/);
    expect(run.stderr).toContain('cd riverside, then run "npx leaflet build"');
    const config = readFileSync(path.join(project, 'leaflet.config.yaml'), 'utf8');
    expect(config).toContain('name: Riverside Physio');
    expect(config).toContain('website: https://riverside.example/advice');
    expect(config).toContain('primary: "#2a6f4e"');
    expect(readFileSync(path.join(project, 'brand', 'logo.svg'), 'utf8')).toContain('>RP</text>');
    expect(JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8'))).toMatchObject({
      scripts: { build: 'leaflet build', check: 'leaflet check', preview: 'leaflet preview' },
      devDependencies: { 'patient-leaflet': expect.stringMatching(/^\^\d+\.\d+\.\d+$/) },
    });
    const workflow = readFileSync(path.join(project, '.github', 'workflows', 'leaflets.yml'), 'utf8');
    for (const step of [
      'npm ci',
      'npx leaflet doctor',
      'npx leaflet check --format github',
      'npx leaflet build',
      'actions/upload-artifact',
    ])
      expect(workflow).toContain(step);
    // out/ comes back from the last run before the check, so that the check sees the findings kept there and the build
    // the check's.
    expect(workflow.indexOf('actions/cache')).toBeLessThan(workflow.indexOf('npx leaflet check'));
    expect(workflow.indexOf('npx leaflet check')).toBeLessThan(workflow.indexOf('npx leaflet build'));
    // The docs show the same workflow, for projects started otherwise.
    expect(readFileSync(path.join(REPO, 'docs', 'ci.md'), 'utf8')).toContain(`\`\`\`yaml\n${workflow}\`\`\``);

    const checked = await leaflet(['check', '--today', TODAY], project);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('✓ 0 errors, 0 warnings in 2 articles');
    const built = await leaflet(['build', '--json', '--today', TODAY], project, { browser });
    expect(built.code, built.stderr).toBe(0);
    // As in the workflow: the build takes the check's findings.
    expect(JSON.parse(built.stdout).checks).toMatchObject({ checked: 0 });
    expect(listFiles(path.join(project, 'out')).filter((file) => !file.includes('/assets/'))).toEqual(
      expect.arrayContaining([
        'leaflet/staying-active-with-back-pain.pdf',
        'email/staying-active-with-back-pain.html',
        'web/staying-active-with-back-pain/index.html',
        'web/index.html',
        'leaflet/knee-to-chest.pdf',
        'packs/back-pain-first-visit.pdf',
      ]),
    );
  });

  it(
    'never replaces a file: it adds the npm scripts and .gitignore lines a project lacks, and ' + 'leaves the rest',
    async () => {
      const dir = tempDir();
      writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({
          name: 'clinic',
          scripts: { test: 'echo none', build: 'make' },
          devDependencies: { 'patient-leaflet': '^0.1.0' },
        }),
      );
      writeFileSync(path.join(dir, '.gitignore'), '.DS_Store\nout/');
      writeFileSync(path.join(dir, 'leaflet.config.yaml'), 'clinic:\n  name: Our Own\n');
      const run = await leaflet(['init', '--name', 'Another Name', '--today', TODAY], dir);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('- left leaflet.config.yaml as it was');
      expect(run.stderr).toContain('✓ added to package.json');
      expect(run.stderr).toContain('✓ added to .gitignore');
      expect(readFileSync(path.join(dir, 'leaflet.config.yaml'), 'utf8')).toBe('clinic:\n  name: Our Own\n');
      expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts).toEqual({
        test: 'echo none',
        build: 'make',
        check: 'leaflet check',
        preview: 'leaflet preview',
      });
      expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('.DS_Store\nout/\nnode_modules/\n');

      const again = await leaflet(['init', '--name', 'Another Name', '--today', TODAY], dir);
      expect(again.stderr).not.toContain('✓');
      expect(again.stderr).toContain('- left package.json as it was');
    },
  );

  it('asks for the name and website at a terminal', async () => {
    const dir = tempDir();
    const questions: string[] = [];
    const answers = ['Hill Top Physio', 'https://hilltop.example'];
    let printed = '';
    const code = await main(['init', '--today', TODAY], {
      cwd: dir,
      stdout: () => undefined,
      stderr: (text) => {
        printed += text;
      },
      color: false,
      ask: async (question) => {
        questions.push(question);
        return answers.shift() ?? '';
      },
    });
    expect(code, printed).toBe(0);
    expect(questions).toEqual([
      `The clinic's name (${path
        .basename(dir)
        .replace(/[-_]+/g, ' ')
        .replace(/\b\p{Ll}/gu, (letter) => letter.toUpperCase())}): `,
      "The clinic's website, where the web pages will go (https://..., or leave empty): ",
    ]);
    const config = readFileSync(path.join(dir, 'leaflet.config.yaml'), 'utf8');
    expect(config).toContain('name: Hill Top Physio');
    expect(config).toContain('website: https://hilltop.example');
  });

  it(
    'takes the name from the folder when nobody is there to ask, and refuses a website or colour it ' + 'cannot use',
    async () => {
      const dir = path.join(tempDir(), 'hill-top_physio');
      mkdirSync(dir);
      expect((await leaflet(['init', '--today', TODAY], dir)).code).toBe(0);
      expect(readFileSync(path.join(dir, 'leaflet.config.yaml'), 'utf8')).toContain('name: Hill Top Physio');

      const website = await leaflet(['init', 'x', '--name', 'X', '--website', 'riverside.example'], tempDir());
      expect(website.code).toBe(2);
      expect(website.stderr).toContain('--website: expected a web address starting with https://');
      const colour = await leaflet(['init', 'x', '--name', 'X', '--colour', 'green'], tempDir());
      expect(colour.code).toBe(2);
      expect(colour.stderr).toContain('--colour: expected a colour written as "#rrggbb"');
    },
  );
});

describe('leaflet doctor', () => {
  it('names the browser, the fonts, the config and the articles, and exits 0 when nothing is missing', async () => {
    const dir = tempDir();
    await leaflet(['init', '--name', 'Riverside Physio', '--today', TODAY], dir);
    const run = await leaflet(['doctor'], dir);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^leaflet doctor: patient-leaflet \d+\.\d+\.\d+, Node\.js v\d+/);
    expect(run.stdout).toContain(`✓ browser     ${findBrowser().path} (installed on this computer)`);
    expect(run.stdout).toMatch(/✓ text font {3}(Noto Sans|Liberation Sans|Arial)\n/);
    expect(run.stdout).toContain('✓ emoji font  Noto Color Emoji');
    expect(run.stdout).toContain('✓ config      leaflet.config.yaml');
    expect(run.stdout).toContain('✓ articles    2 in articles/**/*.md, exercises/**/*.md');
    expect(run.stdout).toContain('Everything leaflet needs is here.');
  });

  it('says exactly what to install when the browser or a font is missing, and exits 1', async () => {
    const report = await diagnose({
      cwd: tempDir(),
      search: { env: {}, systemPaths: [], cacheDir: tempDir() },
      fonts: () => ['DejaVu Sans'],
      platform: 'linux',
    });
    expect(report.ok).toBe(false);
    const byName = Object.fromEntries(report.checks.map((check) => [check.name, check]));
    expect(byName.browser).toMatchObject({
      ok: false,
      found: 'no Chrome or Chromium found, so PDF leaflets cannot be printed (email and web still build)',
    });
    expect(byName.browser?.fix).toContain('sudo apt-get install -y chromium');
    expect(byName.browser?.fix).toContain('npx leaflet browser install');
    expect(byName['text font']).toMatchObject({ ok: false, fix: 'sudo apt-get install -y fonts-liberation' });
    expect(byName['emoji font']).toMatchObject({ ok: false, fix: 'sudo apt-get install -y fonts-noto-color-emoji' });
    // A project with an article in Arabic needs an Arabic font.
    const arabic = tempDir();
    await leaflet(['init', '--name', 'Riverside Physio', '--today', TODAY], arabic);
    writeFileSync(path.join(arabic, 'articles', 'alam.md'), '---\ntitle: ألم الظهر\nlang: ar\n---\n\nنص قصير.\n');
    const noArabic = await diagnose({ cwd: arabic, fonts: () => ['Noto Sans', 'Noto Color Emoji'], platform: 'linux' });
    expect(noArabic.checks.find((check) => check.name === 'Arabic font')).toMatchObject({
      ok: false,
      found: expect.stringContaining('for 1 article in ar'),
      fix: 'sudo apt-get install -y fonts-noto-core',
    });
    const withArabic = await diagnose({
      cwd: arabic,
      fonts: () => ['Noto Sans', 'Noto Color Emoji', 'Noto Naskh Arabic'],
      platform: 'linux',
    });
    expect(withArabic.checks.find((check) => check.name === 'Arabic font')).toMatchObject({
      ok: true,
      found: 'Noto Naskh Arabic (1 article in ar)',
    });
    const noFontconfig = await diagnose({ cwd: tempDir(), fonts: () => undefined, platform: 'linux' });
    expect(noFontconfig.checks.find((check) => check.name === 'fonts')?.fix).toContain('fontconfig');

    const run = await leaflet(['doctor', '--browser', '/no/such/chrome'], tempDir());
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ browser     --browser /no/such/chrome: no such file');
    expect(run.stdout).toContain('1 thing needs fixing');
  });
});

/** A zip archive of `files` (stored, not compressed), each with its Unix mode, as Chrome for Testing ships. */
function zipArchive(files: { name: string; data: Buffer; mode: number }[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(zlib.crc32(file.data), 14);
    header.writeUInt32LE(file.data.length, 18);
    header.writeUInt32LE(file.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode below counts
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(zlib.crc32(file.data), 16);
    entry.writeUInt32LE(file.data.length, 20);
    entry.writeUInt32LE(file.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE((file.mode << 16) >>> 0, 38);
    entry.writeUInt32LE(offset, 42);
    local.push(header, name, file.data);
    central.push(entry, name);
    offset += header.length + name.length + file.data.length;
  }
  const size = central.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, ...central, end]);
}

describe('leaflet browser install', () => {
  it(
    'downloads the Chrome leaflet was made with into its cache folder, showing progress, and prints ' +
      'with it when the system has none',
    async () => {
      const version = PUPPETEER_REVISIONS.chrome;
      const archive = zipArchive([{ name: 'chrome-linux64/chrome', data: Buffer.from('#!/bin/sh\n'), mode: 0o100755 }]);
      const asked: string[] = [];
      const server = http.createServer((req, res) => {
        asked.push(req.url ?? '');
        if (req.url === `/${version}/linux64/chrome-linux64.zip`)
          res.writeHead(200, { 'content-length': archive.length }).end(archive);
        else res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const cache = tempDir();
        const env = {
          LEAFLET_CACHE_DIR: cache,
          PUPPETEER_DOWNLOAD_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        };
        const run = await leaflet(['browser', 'install'], tempDir(), { env });
        expect(run.code, run.stderr).toBe(0);
        expect(asked).toEqual([`/${version}/linux64/chrome-linux64.zip`]);
        expect(run.stderr).toContain(`Downloading Chrome for Testing into ${path.join(cache, 'browsers')}`);
        expect(run.stderr).toMatch(/100% \(\d+ of \d+ MB\)/);
        const installed = run.stdout.trim();
        expect(installed).toBe(path.join(cache, 'browsers', 'chrome', `linux-${version}`, 'chrome-linux64', 'chrome'));
        expect(existsSync(installed)).toBe(true);
        expect(findBrowser({ env, systemPaths: [] })).toEqual({ path: installed, source: 'downloaded' });
      } finally {
        server.close();
      }
    },
  );

  it('says what went wrong when it cannot download', async () => {
    const run = await leaflet(['browser', 'install'], tempDir(), {
      env: { LEAFLET_CACHE_DIR: tempDir(), PUPPETEER_DOWNLOAD_BASE_URL: 'http://127.0.0.1:9/nothing' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not download Chrome [\d.]+: .*Check the internet connection/);
  });
});
