// Every email the samples produce, checked against caniemail's data for the clients clinics' patients use, and the
// other promises an email makes: sized PNG images, dark-mode colours, and a warning before Gmail clips a message.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { doIUseEmail } from '@jsx-email/doiuse-email';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { copySamples, leaflet } from './cli.js';

/** Gmail (web and apps), Outlook on Windows (the Word engine), Apple Mail on Mac and iPhone. */
const CLIENTS = ['gmail.*', 'outlook.windows', 'apple-mail.*'];

/**
 * Features used on purpose as progressive enhancement: where a client lacks them, the email still reads well.
 * Anything else unsupported fails the test.
 */
const DELIBERATE: Record<string, string> = {
  '@media': 'dark-mode colours and phone padding; without them the email is the light, fluid layout',
  'display:none':
    'hides the preheader; Outlook hides it with mso-hide, Gmail on mobile web shows the summary twice at worst',
  overflow: 'part of hiding the preheader (with max-height: 0 and mso-hide: all)',
  opacity: 'part of hiding the preheader',
  'border-radius': 'rounded button corners; Outlook on Windows draws square ones',
};

let dir: string;
let files: string[];

beforeAll(async () => {
  dir = copySamples();
  expect((await leaflet(['build', '-f', 'email'], dir)).code).toBe(0);
  expect((await leaflet(['newsletter', '--name', 'all'], dir)).code).toBe(0);
  files = [
    ...readdirSync(path.join(dir, 'out', 'email')).map((file) => path.join(dir, 'out', 'email', file)),
    path.join(dir, 'out', 'newsletter', 'all.html'),
  ].filter((file) => file.endsWith('.html'));
});

describe('support in Gmail, Outlook on Windows and Apple Mail (caniemail)', () => {
  it('uses no unsupported HTML or CSS except the deliberate progressive enhancements', () => {
    // The fourteen sample articles (four of them translations) and exercises, and a newsletter.
    expect(files.length).toBe(15);
    for (const file of files) {
      const result = doIUseEmail(readFileSync(file, 'utf8'), { emailClients: CLIENTS });
      const errors = result.success ? [] : result.errors;
      const unsupported = errors.map((error) => /^`([^`]+)`/.exec(error)?.[1] ?? error);
      const unexpected = unsupported.filter((feature) => !(feature in DELIBERATE));
      expect(unexpected, `${path.basename(file)}: ${errors.join('; ')}`).toEqual([]);
    }
  });
});

describe('images and colours', () => {
  it('shows SVG images as PNG, with width, height and alt text', () => {
    const html = readFileSync(path.join(dir, 'out', 'email', 'foot-pain-and-back-pain.html'), 'utf8');
    const images = [...html.matchAll(/<img\b[^>]*>/g)].map((match) => match[0]);
    expect(images.length).toBe(2);
    for (const image of images) {
      expect(image).toMatch(/src="https:\/\/riverside-physio\.example\/advice\/assets\/[a-z-]+\.[0-9a-f]{10}\.png"/);
      expect(image).toMatch(/width="\d+"/);
      expect(image).toMatch(/height="\d+"/);
      // Every image has alt text; the logo's is empty (the clinic's name is written beside it), which juice writes as
      // `alt`.
      expect(image).toMatch(/\salt(="|\s)/);
    }
    expect(html).toMatch(
      /<img src="[^"]*foot-arch\.[0-9a-f]{10}\.png" width="536" height="\d{3}" alt="Two feet side by side/,
    );
  });

  it('has its PNGs published by the web build, drawn from the SVGs at twice the size shown or more', async () => {
    const html = readFileSync(path.join(dir, 'out', 'email', 'foot-pain-and-back-pain.html'), 'utf8');
    const shown = [...html.matchAll(/<img\b[^>]*>/g)].map(
      ([image]) =>
        [
          /src="[^"]*\/assets\/([^"]+\.png)"/.exec(image)?.[1] ?? '',
          Number(/width="(\d+)"/.exec(image)?.[1]),
          Number(/height="(\d+)"/.exec(image)?.[1]),
        ] as const,
    );
    expect(shown.length).toBe(2);
    // The email build names them; the site, which the emails link to, holds them.
    expect((await leaflet(['build', '-f', 'web'], dir)).code).toBe(0);
    for (const [name, width, height] of shown) {
      const png = PNG.sync.read(readFileSync(path.join(dir, 'out', 'web', 'assets', name)));
      expect(png.width).toBeGreaterThanOrEqual(2 * width);
      // The same shape as shown (to the pixel the sizes were rounded to).
      expect(Math.abs(png.height - (png.width * height) / width)).toBeLessThanOrEqual(png.width / width);
    }
  });

  it('declares light and dark colour schemes and sets its own dark colours', () => {
    const html = readFileSync(path.join(dir, 'out', 'email', 'ankle-sprain.html'), 'utf8');
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\)/);
  });
});

describe('Gmail clipping', () => {
  it('warns when an email passes 102 KB, naming the article', async () => {
    const project = copySamples();
    const paragraph = 'Walking a little every day keeps your back moving and helps it heal. '.repeat(20);
    writeFileSync(
      path.join(project, 'articles', 'long.md'),
      `---\ntitle: A very long article\n---\n\n${`${paragraph}\n\n`.repeat(120)}`,
    );
    const run = await leaflet(['build', 'articles/long.md', '-f', 'email'], project);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/articles\/long\.md: the HTML is \d+ KB; Gmail clips messages over 102 KB/);
  });
});
