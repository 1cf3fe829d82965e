// `leaflet build` options and failures: one article, one format, page size, bad config, no browser. Run in this
// process.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, leaflet, listFiles, pdfInfo, sharedBrowser } from './cli.js';

const browser = sharedBrowser();

describe('leaflet build options', () => {
  it('builds just the named article in just the named format', async () => {
    const project = copyFixture();
    const run = await leaflet(
      ['build', 'articles/knee-pain.md', '--format', 'leaflet', '--size', 'A5', '-j', '1'],
      project,
      { browser },
    );
    expect(run.stderr).toContain('leaflet 1 built');
    expect(run.code).toBe(0);
    expect(listFiles(path.join(project, 'out'))).toEqual([
      '.leaflet-cache.json',
      '.leaflet-front-matter.json',
      'leaflet/knee-pain.pdf',
      'report.json',
    ]);
    expect(pdfInfo(path.join(project, 'out', 'leaflet', 'knee-pain.pdf'))['Page size']).toContain('(A5)');
  });

  it('builds drafts with --drafts and writes to --out', async () => {
    const project = copyFixture();
    const run = await leaflet(['build', 'articles/draft-note.md', '--drafts', '-f', 'web', '-o', 'site'], project, {
      browser,
    });
    expect(run.code).toBe(0);
    expect(existsSync(path.join(project, 'site', 'web', 'draft-note', 'index.html'))).toBe(true);
    expect(existsSync(path.join(project, 'out'))).toBe(false);
  });

  it('keeps other articles on the index when one article is rebuilt', async () => {
    const project = copyFixture();
    expect(
      (await leaflet(['build', 'articles/knee-pain.md', 'articles/ankle.md', '-f', 'web'], project, { browser })).code,
    ).toBe(0);
    expect((await leaflet(['build', 'articles/ankle.md', '-f', 'web'], project, { browser })).code).toBe(0);
    const index = readFileSync(path.join(project, 'out', 'web', 'index.html'), 'utf8');
    expect(index).toContain('href="./knee-pain/"');
    expect(index).toContain('href="./ankle-sprain/"');
  });

  it('exits 1 when it finds nothing to build, saying why, so that CI cannot pass by building nothing', async () => {
    const project = copyFixture();
    const none = await leaflet(['build', 'articles/no-such-*.md', '-f', 'web', '--json'], project, { browser });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      'no articles found in articles/no-such-*.md, so nothing was built. Write one with: leaflet new ' +
        '"Title", or check the path.',
    );
    expect((JSON.parse(none.stdout) as { errors: { code: string }[] }).errors.map((error) => error.code)).toEqual([
      'NOTHING_TO_BUILD',
    ]);

    const drafts = await leaflet(['build', 'articles/draft-note.md', '-f', 'web'], project, { browser });
    expect(drafts.code).toBe(1);
    expect(drafts.stderr).toContain(
      'every article found is a draft (1), so nothing was built. Build them with --drafts',
    );
  });

  it('says one line of progress by default, each file with --verbose, and only the summary with --quiet', async () => {
    const project = copyFixture();
    const args = ['build', 'articles/knee-pain.md', 'articles/ankle.md', '-f', 'email,web', '--force'];
    const plain = await leaflet(args, project, { browser });
    expect(plain.stderr).toMatch(/^Building 2 articles \(email, web\)\n/);
    expect(plain.stderr).not.toContain('✓');
    expect(plain.stderr).toMatch(/Done in [\d.]+s: email 2 built; web 2 built\./);
    const verbose = await leaflet([...args, '--verbose'], project, { browser });
    expect(verbose.stderr).toContain('✓ email   out/email/knee-pain.html');
    const quiet = await leaflet([...args, '--quiet'], project, { browser });
    expect(quiet.stderr).toMatch(/^Done in [\d.]+s: email 2 built; web 2 built\./);
    expect((await leaflet([...args, '--quiet', '--verbose'], project, { browser })).code).toBe(2);
  });

  it('rejects an unknown format and a bad --jobs with exit 2', async () => {
    const project = copyFixture();
    const format = await leaflet(['build', '--format', 'leaflet,fax'], project, { browser });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('expected a comma-separated list of leaflet, email, web; got "leaflet,fax"');
    const jobs = await leaflet(['build', '--jobs', '0'], project, { browser });
    expect(jobs.code).toBe(2);
    expect(existsSync(path.join(project, 'out'))).toBe(false);
  });

  it('is a usage error (exit 2) to name an article that does not exist', async () => {
    const run = await leaflet(['build', 'articles/nope.md'], copyFixture(), { browser });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such file or folder: articles/nope.md');
  });

  it('stops with exit 2 and names the key when the config is wrong', async () => {
    const project = copyFixture();
    const configFile = path.join(project, 'leaflet.config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { clinic: Record<string, unknown> };
    config.clinic.colours = { primary: '#000' };
    writeFileSync(configFile, JSON.stringify(config));
    const run = await leaflet(['build'], project, { browser });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'leaflet.config.json: invalid config: unknown key "colours" (did you mean "colors"?) in "clinic"',
    );
    expect(existsSync(path.join(project, 'out'))).toBe(false);
  });

  it('reads the config named by --config', async () => {
    const project = copyFixture();
    rmSync(path.join(project, 'leaflet.config.json'));
    writeFileSync(path.join(project, 'clinic.yaml'), 'clinic:\n  name: Named Config Clinic\n');
    const run = await leaflet(['build', 'articles/ankle.md', '-f', 'web', '--config', 'clinic.yaml'], project, {
      browser,
    });
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(project, 'out', 'web', 'index.html'), 'utf8')).toContain('Named Config Clinic');
  });

  it('explains how to get a browser when there is none, and still builds email and web', async () => {
    const project = copyFixture();
    // No shared browser here: the build looks for its own, and finds none.
    const run = await leaflet(['build', 'articles/knee-pain.md', 'articles/ankle.md'], project, {
      env: { PUPPETEER_EXECUTABLE_PATH: '/no/such/chrome' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('PUPPETEER_EXECUTABLE_PATH=/no/such/chrome: no such file');
    const files = listFiles(path.join(project, 'out'));
    expect(files).toEqual(
      expect.arrayContaining([
        'email/knee-pain.html',
        'email/knee-pain.txt',
        'web/index.html',
        'web/knee-pain/index.html',
      ]),
    );
    expect(files.some((file) => file.endsWith('.pdf'))).toBe(false);
  });

  it('prints help and version', async () => {
    const project = copyFixture();
    const help = await leaflet(['build', '--help'], project, { browser });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format <list>');
    const version = await leaflet(['--version'], project, { browser });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
