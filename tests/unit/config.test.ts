import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveConfig } from '../../src/config/load-config.js';
import { articleSettings, buildFormats } from '../../src/config/settings.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir } from '../helpers.js';

describe('config', () => {
  it('fills in defaults when there is no config file', async () => {
    const config = await loadConfig(tempDir());
    expect(config.file).toBeUndefined();
    expect(config.defaults).toEqual({ lang: 'en-GB', formats: ['leaflet', 'email', 'web'] });
    expect(config.leaflet.size).toBe('A4');
    expect(config.clinic.colors).toEqual({ primary: '#0b5394', accent: '#f1c232' });
    expect(config.check).toEqual({
      maxGrade: 8,
      minInflesz: 55,
      maxFogPl: 9,
      reviewWithinYears: 3,
      reviewWarnDays: 60,
      maxSentenceWords: 25,
      maxParagraphSentences: 5,
      passiveMaxPercent: 20,
      wordsPerHeading: 300,
      topicWords: [],
      jargon: { add: {}, remove: [], languages: {} },
      rules: {},
    });
    // No words.txt: the clinic has no words of its own.
    expect(config.clinicWords).toEqual([]);
  });

  it("reads the clinic's words from words.txt beside the config, or from the file check.wordList names", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'words.txt'), '# our words\nglutes\n\nRiverside Physiotherapy  # the clinic\n');
    expect((await loadConfig(dir)).clinicWords).toEqual(['glutes', 'Riverside', 'Physiotherapy']);
    writeFileSync(path.join(dir, 'leaflet.config.yaml'), 'check:\n  wordList: ours.txt\n');
    writeFileSync(path.join(dir, 'ours.txt'), 'Kneeflex\r\nTheraBand\r\n');
    expect((await loadConfig(dir)).clinicWords).toEqual(['Kneeflex', 'TheraBand']);
  });

  it('reads YAML and resolves paths from the config file folder', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(
      path.join(dir, 'leaflet.config.yaml'),
      'clinic:\n  name: Test Clinic\n  logo: ./logo.svg\nleaflet:\n  size: A5\n',
    );
    const config = await loadConfig(dir);
    expect(config.clinic.name).toBe('Test Clinic');
    expect(config.logoPath).toBe(path.join(dir, 'logo.svg'));
    expect(config.leaflet.size).toBe('A5');
    expect(config.templatesDir).toBe(path.join(dir, 'templates'));
  });

  it('reads a JS module config written with defineConfig', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'leaflet.config.mjs'), 'export default { clinic: { name: "Module Clinic" } };\n');
    expect((await loadConfig(dir)).clinic.name).toBe('Module Clinic');
  });

  it('names an unknown key', () => {
    expect(() => resolveConfig({ clinic: { nmae: 'x' } }, '/x/leaflet.config.json', '/x')).toThrow(
      /unknown key "nmae" \(did you mean "name"\?\) in "clinic"/,
    );
  });

  it('names a key with the wrong type and says what was expected', () => {
    const attempt = () => resolveConfig({ clinic: { colors: { primary: 'blue' } } }, '/x/leaflet.config.json', '/x');
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/"clinic.colors.primary": expected a colour written as "#rrggbb"/);
    expect(() => resolveConfig({ leaflet: { size: 'A3' } }, undefined, '/x')).toThrow(
      /"leaflet.size": expected one of A4, A5, Letter\./,
    );
    expect(() => resolveConfig({ leaflet: { timeout: 'fast' } }, undefined, '/x')).toThrow(
      /"leaflet.timeout": expected a number\./,
    );
    expect(() => resolveConfig({ check: { rules: { passive: 'off' } } }, undefined, '/x')).toThrow(
      /unknown key "passive" \(did you mean "passive-voice"\?\)/,
    );
    // In plain words, never the schema library's own.
    expect(() => resolveConfig({ leaflet: 'A4' }, undefined, '/x')).toThrow(
      /^invalid config: "leaflet": expected keys under it, each on its own line\./,
    );
    expect(() => resolveConfig({ clinic: { website: 'example.org' } }, undefined, '/x')).toThrow(
      /"clinic.website": expected a web address/,
    );
  });

  it('gives the line of a YAML syntax error', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'leaflet.config.yml'), 'clinic:\n  name: A\n   phone: 1\n');
    await expect(loadConfig(dir)).rejects.toMatchObject({
      code: 'CONFIG',
      file: 'leaflet.config.yml',
      line: 3,
      message: expect.stringMatching(/^this line does not fit the lines around it: check its indentation/),
    });
  });

  it('reads dates and "no" in YAML as text, as before', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'leaflet.config.yaml'),
      'clinic:\n  name: 2026-01-01\ndefaults:\n  lang: cy\n  author: No\n',
    );
    const config = await loadConfig(dir);
    expect(config.clinic.name).toBe('2026-01-01');
    expect(config.defaults).toMatchObject({ lang: 'cy', author: 'No' });
  });

  it('fails when --config names a missing file or the logo is missing', async () => {
    const dir = tempDir();
    await expect(loadConfig(dir, 'nope.json')).rejects.toThrow(/config file not found: nope.json/);
    writeFileSync(path.join(dir, 'leaflet.config.json'), JSON.stringify({ clinic: { logo: 'missing.svg' } }));
    await expect(loadConfig(dir)).rejects.toThrow(/"clinic.logo": the file missing.svg does not exist/);
  });
});

describe('where each setting comes from: defaults < config file < front matter < command line', () => {
  const file = {
    defaults: { lang: 'cy', formats: ['leaflet', 'web'] },
    leaflet: { size: 'A5', largePrint: true, booklet: true },
  };

  it('takes the defaults when nothing else says', () => {
    expect(articleSettings(resolveConfig({}, undefined, tempDir()), {})).toEqual({
      lang: 'en-GB',
      dir: 'ltr',
      formats: ['leaflet', 'email', 'web'],
      largePrint: false,
      booklet: false,
      size: 'A4',
    });
  });

  it('takes the config file over the defaults', () => {
    expect(articleSettings(resolveConfig(file, undefined, tempDir()), {})).toEqual({
      lang: 'cy',
      dir: 'ltr',
      formats: ['leaflet', 'web'],
      largePrint: true,
      booklet: true,
      size: 'A5',
    });
  });

  it('takes front matter over the config file', () => {
    const config = resolveConfig(file, undefined, tempDir());
    expect(articleSettings(config, { lang: 'pl', formats: ['email'], large_print: false })).toEqual({
      lang: 'pl',
      dir: 'ltr',
      formats: ['email'],
      largePrint: false,
      booklet: true,
      size: 'A5',
    });
    // The direction goes with the language, decided here once for every format.
    expect(articleSettings(config, { lang: 'ur' }).dir).toBe('rtl');
    expect(articleSettings(config, { lang: 'ar-EG' }).dir).toBe('rtl');
  });

  it('takes the command line over both; an article that names its own formats is made only in those', () => {
    const config = resolveConfig(file, undefined, tempDir(), {
      formats: ['email', 'web'],
      size: 'Letter',
      largePrint: true,
      booklet: true,
    });
    expect(articleSettings(config, { large_print: false })).toEqual({
      lang: 'cy',
      dir: 'ltr',
      formats: ['email', 'web'],
      largePrint: true,
      booklet: true,
      size: 'Letter',
    });
    expect(articleSettings(config, { formats: ['leaflet', 'web'] }).formats).toEqual(['web']);
    expect(buildFormats(config, [])).toEqual(['email', 'web']);
  });

  it("builds the config's formats and any an article asks for, in the usual order", () => {
    const config = resolveConfig({ defaults: { formats: ['web'] } }, undefined, tempDir());
    expect(buildFormats(config, [{ formats: ['web'] }, { formats: ['leaflet'] }])).toEqual(['leaflet', 'web']);
  });

  it('gives a read-only config that cannot be changed half-way through a build', () => {
    const config = resolveConfig(file, undefined, tempDir(), { size: 'A4' });
    expect(() => Object.assign(config.leaflet, { size: 'Letter' })).toThrow(TypeError);
    expect(() => (config.defaults.formats as string[]).push('fax')).toThrow(TypeError);
    expect(() => Object.assign(config.overrides, { size: 'A5' })).toThrow(TypeError);
  });
});
