import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplates, DEFAULT_TEMPLATES_DIR, displayUrl, formatDate } from '../../src/render/templates.js';
import { tempDir } from '../helpers.js';

describe('templates', () => {
  it('uses the clinic folder file by file over the defaults', async () => {
    const defaults = tempDir();
    const clinic = tempDir();
    mkdirSync(path.join(defaults, 'web', 'partials'), { recursive: true });
    mkdirSync(path.join(clinic, 'web', 'partials'), { recursive: true });
    writeFileSync(path.join(defaults, 'web', 'page.hbs'), '<main>{{> banner}}{{title}}</main>');
    writeFileSync(path.join(defaults, 'web', 'partials', 'banner.hbs'), 'DEFAULT ');
    writeFileSync(path.join(defaults, 'web', 'style.css'), 'body{}');
    writeFileSync(path.join(clinic, 'web', 'partials', 'banner.hbs'), 'CLINIC ');
    const set = await createTemplates(clinic, { cwd: clinic, defaultsDir: defaults }).load('web');
    expect(set.render('page.hbs', { title: 'Hi' })).toBe('<main>CLINIC Hi</main>');
    expect(set.file('style.css')).toBe('body{}');
  });

  it('escapes values and only inserts triple-stash HTML', async () => {
    const defaults = tempDir();
    mkdirSync(path.join(defaults, 'email'));
    writeFileSync(path.join(defaults, 'email', 'layout.hbs'), '<h1>{{title}}</h1>{{{body}}}');
    const set = await createTemplates(tempDir(), { cwd: defaults, defaultsDir: defaults }).load('email');
    expect(set.render('layout.hbs', { title: '<script>x</script>', body: '<p>ok</p>' })).toBe(
      '<h1>&lt;script&gt;x&lt;/script&gt;</h1><p>ok</p>',
    );
  });

  it('makes a set once for the same files (pack after pack at the desk), and anew when a file changes', async () => {
    const defaults = tempDir();
    mkdirSync(path.join(defaults, 'web', 'partials'), { recursive: true });
    writeFileSync(path.join(defaults, 'web', 'page.hbs'), '<main>\n  {{> banner}}\n{{title}}</main>');
    writeFileSync(path.join(defaults, 'web', 'partials', 'banner.hbs'), '{{#if title}}\nOLD\n{{/if}}\n');
    const clinic = tempDir();
    const load = () => createTemplates(clinic, { cwd: defaults, defaultsDir: defaults }).load('web');
    const first = await load();
    const again = await load();
    expect(again).toBe(first);
    // Filled as often as asked, with the whitespace of standalone blocks taken out once only.
    for (const set of [first, again, first])
      expect(set.render('page.hbs', { title: 'Hi' })).toBe('<main>\n  OLD\nHi</main>');
    writeFileSync(path.join(defaults, 'web', 'partials', 'banner.hbs'), 'NEW\n');
    const changed = await load();
    expect(changed).not.toBe(first);
    expect(changed.stamp).not.toBe(first.stamp);
    expect(changed.render('page.hbs', { title: 'Hi' })).toBe('<main>\n  NEW\nHi</main>');
  });

  it('reports a template syntax error with its file and line', async () => {
    const defaults = tempDir();
    mkdirSync(path.join(defaults, 'web'));
    writeFileSync(path.join(defaults, 'web', 'index.hbs'), '<p>\n{{#if x}}\nno close\n');
    await expect(
      createTemplates(tempDir(), { cwd: defaults, defaultsDir: defaults }).load('web'),
    ).rejects.toMatchObject({ code: 'TEMPLATE', line: 4 });
  });

  it('ships every default template each format fills, parsed and ready', async () => {
    const templates = createTemplates(tempDir(), { cwd: process.cwd() });
    const expected = {
      leaflet: ['layout.hbs', 'footer.hbs', 'style.css', 'partials/closing.hbs', 'partials/notes.hbs'],
      email: [
        'layout.hbs',
        'style.css',
        'partials/email-head.hbs',
        'partials/email-header.hbs',
        'partials/email-contacts.hbs',
      ],
      newsletter: [
        'layout.hbs',
        'style.css',
        'partials/email-head.hbs',
        'partials/email-header.hbs',
        'partials/email-contacts.hbs',
      ],
      web: [
        'article.hbs',
        'index.hbs',
        'tag.hbs',
        'style.css',
        'partials/head.hbs',
        'partials/site-header.hbs',
        'partials/site-footer.hbs',
        'partials/article-card.hbs',
      ],
    } as const;
    for (const [kind, names] of Object.entries(expected)) {
      // A newsletter is an email of several articles, a pack a leaflet of several: each has the other's partials too.
      const partialsOf = ({ newsletter: 'email', pack: 'leaflet' } as Record<string, string>)[kind];
      const set = await templates.load(kind, partialsOf ? { partialsOf } : {});
      for (const name of names)
        expect(set.source(name), `${kind}/${name}`).toMatch(
          new RegExp(`^${DEFAULT_TEMPLATES_DIR.replace(/[/\\]/g, '.')}`),
        );
      expect(set.file('style.css').length, `${kind}/style.css`).toBeGreaterThan(100);
    }
  });

  it(
    'fails on a misspelt variable in strict mode, in a layout and in its partials, and leaves it ' + 'empty otherwise',
    async () => {
      const defaults = tempDir();
      mkdirSync(path.join(defaults, 'web', 'partials'), { recursive: true });
      writeFileSync(path.join(defaults, 'web', 'page.hbs'), '<h1>{{article.titel}}</h1>');
      writeFileSync(path.join(defaults, 'web', 'card.hbs'), '{{> summary}}');
      writeFileSync(path.join(defaults, 'web', 'partials', 'summary.hbs'), '<p>{{article.sumary}}</p>');
      const view = { article: { title: 'Knee pain', summary: undefined } };
      const strict = await createTemplates(tempDir(), { cwd: defaults, defaultsDir: defaults, strict: true }).load(
        'web',
      );
      expect(() => strict.render('page.hbs', view)).toThrow(/"titel" not defined/);
      expect(() => strict.render('card.hbs', view)).toThrow(/"sumary" not defined/);
      const lenient = await createTemplates(tempDir(), { cwd: defaults, defaultsDir: defaults }).load('web');
      expect(lenient.render('page.hbs', view)).toBe('<h1></h1>');
    },
  );
});

describe('helpers', () => {
  it('formats dates in the article language', () => {
    expect(formatDate('2026-09-14', 'en-GB')).toBe('14 September 2026');
    expect(formatDate('2026-09-14', 'en-US')).toBe('September 14, 2026');
    expect(formatDate(undefined, 'en-GB')).toBe('');
  });

  it('shows web addresses as people write them', () => {
    expect(displayUrl('https://www.example.org/advice/')).toBe('example.org/advice');
  });
});
