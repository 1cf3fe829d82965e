// `leaflet newsletter` on the sample articles: selection, the three files, and the .eml read back with mailparser.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsletterResult } from '../../src/commands/newsletter/newsletter.js';
import { type CliResult, copySamples, leaflet, listFiles } from './cli.js';

const SITE = 'https://riverside-physio.example/advice';

/** Run `leaflet newsletter ...args --json` in `dir`; the parsed result when it succeeded. */
async function newsletter(dir: string, args: string[]): Promise<{ run: CliResult; result?: NewsletterResult }> {
  const run = await leaflet(['newsletter', ...args, '--json'], dir);
  return { run, ...(run.code === 0 ? { result: JSON.parse(run.stdout) as NewsletterResult } : {}) };
}

const slugs = (result: NewsletterResult | undefined): string[] => result?.articles.map((article) => article.slug) ?? [];

describe('a newsletter of the three newest articles', () => {
  let dir: string;
  let result: NewsletterResult;
  let mail: ParsedMail;
  let raw: string;

  beforeAll(async () => {
    dir = copySamples({ exercises: false });
    const made = await newsletter(dir, [
      '--limit',
      '3',
      '--name',
      'december',
      '--to',
      'Patients <patients@riverside-physio.example>',
    ]);
    expect(made.run.code, made.run.stderr).toBe(0);
    result = made.result as NewsletterResult;
    raw = readFileSync(path.join(dir, 'out', 'newsletter', 'december.eml'), 'utf8');
    mail = await simpleParser(raw);
  });

  it('picks the newest three, newest first, and writes .html, .txt and .eml', () => {
    expect(slugs(result)).toEqual(['ankle-sprain', 'desk-posture', 'plantar-fasciitis']);
    expect(listFiles(path.join(dir, 'out'))).toEqual([
      'newsletter/december.eml',
      'newsletter/december.html',
      'newsletter/december.txt',
    ]);
  });

  it('is a standard multipart/alternative message with subject, sender, recipient and date', () => {
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw).toMatch(/^MIME-Version: 1\.0/m);
    // The plain-text part comes first, so clients that cannot show HTML show it; both are UTF-8, quoted-printable.
    expect(raw.indexOf('Content-Type: text/plain; charset=utf-8')).toBeLessThan(
      raw.indexOf('Content-Type: text/html; charset=utf-8'),
    );
    expect(raw.match(/^Content-Transfer-Encoding: quoted-printable/gm)).toHaveLength(2);
    expect(mail.subject).toBe(result.title);
    expect(mail.subject).toMatch(/^Riverside Physiotherapy news: /);
    expect(mail.from?.value[0]).toEqual({ name: 'Riverside Physiotherapy', address: 'hello@riverside-physio.example' });
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined).toBe(
      'patients@riverside-physio.example',
    );
    expect(mail.date).toBeInstanceOf(Date);
  });

  it('has every title, "Read more" and "Print the leaflet" links in its text part', () => {
    const text = mail.text ?? '';
    for (const title of [
      'Ankle sprain: the first few weeks',
      'Setting up your desk to ease neck and back pain',
      'Plantar fasciitis: what helps',
    ]) {
      expect(text).toContain(title);
    }
    expect(text).toContain(`Read more <${SITE}/ankle-sprain/>`);
    expect(text.replace(/\s+/g, ' ')).toContain(`Print the leaflet (PDF) <${SITE}/ankle-sprain/ankle-sprain.pdf>`);
    expect(text).toBe(readFileSync(path.join(dir, 'out', 'newsletter', 'december.txt'), 'utf8'));
  });

  it('has an HTML part with inlined styles, a preheader and absolute links', () => {
    const html = typeof mail.html === 'string' ? mail.html : '';
    expect(html).toMatch(/<h1 style="[^"]*color: #0b5394/);
    expect(html).toMatch(/<div class="preheader" style="display: none;[^"]*">In this issue: Ankle sprain/);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');
    for (const href of hrefs) expect(href).toMatch(/^(https:\/\/|mailto:|tel:|\{\{unsubscribe\}\})/);
    expect(hrefs).toContain(`${SITE}/desk-posture/desk-posture.pdf`);
  });
});

describe('choosing articles', () => {
  let dir: string;
  beforeAll(() => {
    dir = copySamples({ exercises: false });
  });

  it('by tag, newest first', async () => {
    const { result } = await newsletter(dir, ['--tag', 'back pain']);
    expect(slugs(result)).toEqual(['desk-posture', 'foot-pain-and-back-pain']);
  });

  it('by any of several tags', async () => {
    const { result } = await newsletter(dir, ['--tag', 'ankle', '--tag', 'heel pain']);
    expect(slugs(result)).toEqual(['ankle-sprain', 'plantar-fasciitis']);
  });

  it('by date', async () => {
    const { result } = await newsletter(dir, ['--since', '2026-05-01']);
    expect(slugs(result)).toEqual(['ankle-sprain', 'desk-posture']);
  });

  it('by path, in the order given', async () => {
    const { result } = await newsletter(dir, [
      'articles/plantar-fasciitis.md',
      'articles/foot-pain-and-back-pain.md',
      'articles/ankle-sprain.md',
    ]);
    expect(slugs(result)).toEqual(['plantar-fasciitis', 'foot-pain-and-back-pain', 'ankle-sprain']);
  });

  it('an empty selection is a clear error with exit 1, and nothing is written', async () => {
    const { run } = await newsletter(dir, ['--tag', 'knitting', '--name', 'empty']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no articles to put in the newsletter (tag knitting)');
    expect(listFiles(dir).some((file) => file.includes('empty.'))).toBe(false);
  });

  it('a bad date is a usage error (exit 2)', async () => {
    const { run } = await newsletter(dir, ['--since', 'last week']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected a date written as YYYY-MM-DD');
  });
});

describe('an intro, UTM tags and the sender', () => {
  it('takes the title, date and words of an intro file', async () => {
    const dir = copySamples({ exercises: false });
    writeFileSync(
      path.join(dir, 'intro.md'),
      '---\ntitle: Winter news from the clinic\ndate: 2026-12-01\nsummary: Keeping active when it is ' +
        'cold.\n---\n\nWelcome to our **winter** newsletter. Read on for tips.\n',
    );
    const { run, result } = await newsletter(dir, ['--intro', 'intro.md', '--limit', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(result).toMatchObject({
      title: 'Winter news from the clinic',
      name: 'newsletter-2026-12-01',
      date: '2026-12-01',
    });
    const mail = await simpleParser(readFileSync(path.join(dir, 'out', 'newsletter', 'newsletter-2026-12-01.eml')));
    expect(mail.subject).toBe('Winter news from the clinic');
    expect(mail.text).toContain('Welcome to our winter newsletter.');
    expect(mail.html).toMatch(/<strong[^>]*>winter<\/strong>/);
    expect(mail.html).toContain('Keeping active when it is cold.');
  });

  it(
    'refuses an intro nested too deep to read, naming the intro file and line (exit 1), and writes ' + 'nothing',
    async () => {
      const dir = copySamples({ exercises: false });
      writeFileSync(
        path.join(dir, 'intro.md'),
        `---\ntitle: Winter news\n---\n\nWelcome.\n\n${'- '.repeat(10_000)}x\n`,
      );
      const before = listFiles(dir);
      const { run } = await newsletter(dir, ['--intro', 'intro.md', '--limit', '2']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        "intro.md:7: quotes or lists are nested 10000 deep here; a newsletter's introduction may nest " +
          'them at most 40 deep.',
      );
      expect(run.stderr).not.toMatch(/Maximum call stack|RangeError|internal error|marked/);
      expect(listFiles(dir)).toEqual(before);
    },
  );

  it("adds UTM parameters to links to the clinic's own site only", async () => {
    const dir = copySamples({ exercises: false });
    const config = path.join(dir, 'leaflet.config.yaml');
    writeFileSync(
      config,
      `${readFileSync(config, 'utf8').replace('email:\n', 'email:\n  utm:\n    source: newsletter\n')}`,
    );
    const { run } = await newsletter(dir, ['articles/ankle-sprain.md', '--name', 'utm']);
    expect(run.code, run.stderr).toBe(0);
    // Handlebars writes "=" and "&" in attributes as character references; a mail client reads them back.
    const html = readFileSync(path.join(dir, 'out', 'newsletter', 'utm.html'), 'utf8')
      .replace(/&#x3D;/g, '=')
      .replace(/&amp;/g, '&');
    expect(html).toContain(`href="${SITE}/ankle-sprain/?utm_source=newsletter&utm_medium=email&utm_campaign=utm"`);
    expect(html).toContain(
      `href="${SITE}/ankle-sprain/ankle-sprain.pdf?utm_source=newsletter&utm_medium=email&utm_campaign=utm"`,
    );
    expect(html).toContain('href="mailto:hello@riverside-physio.example"');
  });

  it('needs email.from in the config (exit 2)', async () => {
    const dir = copySamples({ exercises: false });
    const config = path.join(dir, 'leaflet.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^\s+from: .*$/m, ''));
    const { run } = await newsletter(dir, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('set email.from in the config');
  });
});
