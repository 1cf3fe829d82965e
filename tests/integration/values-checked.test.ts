// Every value is checked where it enters: a date flag as strictly as a date in front matter, an empty --tag,
// SOURCE_DATE_EPOCH, and what `init` and `new` are given. Each bad value is a usage error (exit 2) that names its flag
// or variable and says what to give, and nothing outside the output folder changes.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '../../src/articles/front-matter.js';
import { loadConfig } from '../../src/config/load-config.js';
import { tempDir } from '../helpers.js';
import { type CliResult, copyFixture, fixtureWith, leaflet, listFiles } from './cli.js';

const TODAY = '2026-11-25';

/** No stack trace, no library's own words, no "internal error". */
const LIBRARY_TEXT = /\n\s+at |internal error|failed unexpectedly|Invalid time value|RangeError|TypeError|ENAMETOOLONG/;

/** Run leaflet in `dir` and return what it printed, with the project's files (outside out/) before and after. */
async function runIn(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ run: CliResult; before: string[]; after: string[] }> {
  const files = (): string[] => (existsSync(dir) ? listFiles(dir).filter((file) => !file.startsWith('out/')) : []);
  const before = files();
  const run = await leaflet(args, dir, { env });
  return { run, before, after: files() };
}

/** A usage error: exit 2, the message on stderr, no library text, no output folder, nothing else changed. */
async function expectRefused(
  dir: string,
  args: string[],
  said: string | RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  const { run, before, after } = await runIn(dir, args, env);
  expect(run.code, run.stderr).toBe(2);
  if (typeof said === 'string') expect(run.stderr).toContain(said);
  else expect(run.stderr).toMatch(said);
  expect(run.stderr).not.toMatch(LIBRARY_TEXT);
  expect(existsSync(path.join(dir, 'out'))).toBe(false);
  expect(after).toEqual(before);
}

/**
 * The fixture project with its broken articles taken out and a newsletter sender set: it builds, and makes a
 * newsletter.
 */
function goodProject(): string {
  const dir = fixtureWith(
    (config) => (config.email = { ...config.email, from: 'Test Valley Physio <desk@test-valley.example>' }),
  );
  for (const broken of ['broken-yaml', 'missing-title'])
    rmSync(path.join(dir, 'articles', `${broken}.expect-error.md`));
  return dir;
}

describe('a date flag', () => {
  it(
    'newsletter --since refuses a day the calendar does not have (2026-02-30), in the words front ' + 'matter uses',
    async () => {
      const dir = goodProject();
      await expectRefused(
        dir,
        ['newsletter', '--since', '2026-02-30'],
        "option '--since <date>' argument '2026-02-30' is invalid. 2026-02-30 is not a day of the " +
          'calendar: check the month and the day.',
      );
      // The same project makes a newsletter when the date is a real one: the refusal was the date's alone.
      expect((await leaflet(['newsletter', '--since', '2026-02-28'], dir)).code).toBe(0);
    },
  );

  it.each([
    [
      ['build', '-f', 'email,web', '--today', '2026-13-01'],
      '--today <date>',
      '2026-13-01 is not a day of the calendar',
    ],
    [['check', '--today', '2025-02-29'], '--today <date>', '2025-02-29 is not a day of the calendar'],
    [['new', 'Shoulder pain', '--today', '2026-04-31'], '--today <date>', '2026-04-31 is not a day of the calendar'],
    [
      ['pack', 'articles/knee-pain.md', '--date', '2026-06-31', '-o', 'pack.pdf'],
      '--date <date>',
      '2026-06-31 is not a day of the calendar',
    ],
    [
      ['newsletter', '--since', '1 March 2026'],
      '--since <date>',
      'expected a date written as YYYY-MM-DD, like 2026-03-01',
    ],
  ])('%j is refused, naming the flag (exit 2)', async (args, flag, said) => {
    await expectRefused(goodProject(), args, new RegExp(`option '${flag}' argument '[^']+' is invalid\\. ${said}`));
  });

  it('init --today refuses a day that does not exist, and writes nothing', async () => {
    await expectRefused(
      tempDir(),
      ['init', '--name', 'Riverside Physio', '--today', '2026-00-10'],
      "option '--today <date>' argument '2026-00-10' is invalid. 2026-00-10 is not a day of the calendar",
    );
  });
});

describe('newsletter --tag', () => {
  it.each([[','], [''], [' , ']])(
    '%j names no tag, so it is refused rather than read as every article (exit 2)',
    async (tag) => {
      await expectRefused(
        goodProject(),
        ['newsletter', '--tag', tag],
        `option '-t, --tag <tag>' argument '${tag}' is invalid. expected a tag, like --tag "back pain"`,
      );
    },
  );

  it(
    'in an intro file, a date the calendar does not have names the file and line (exit 1), and ' + 'nothing is written',
    async () => {
      const dir = goodProject();
      writeFileSync(path.join(dir, 'intro.md'), '---\ntitle: Spring news\ndate: 2026-02-30\n---\n\nHello.\n');
      const { run, before, after } = await runIn(dir, ['newsletter', '--intro', 'intro.md']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'intro.md:3: "date" 2026-02-30 is not a day of the calendar: check the month and the day',
      );
      expect(run.stderr).not.toMatch(LIBRARY_TEXT);
      expect(existsSync(path.join(dir, 'out'))).toBe(false);
      expect(after).toEqual(before);
    },
  );
});

describe('SOURCE_DATE_EPOCH', () => {
  const after9999 =
    'SOURCE_DATE_EPOCH is "99999999999999", a date after the year 9999: it must be a number of ' +
    'seconds since 1 January 1970 up to 253402300799';

  it('after the year 9999 stops a build before anything is written (exit 2)', async () => {
    await expectRefused(copyFixture(), ['build', '-f', 'email,web'], after9999, {
      SOURCE_DATE_EPOCH: '99999999999999',
    });
  });

  it(
    'one second past the end of 9999, or a number of 400 digits, is refused; the last second of ' + '9999 is taken',
    async () => {
      const dir = goodProject();
      await expectRefused(
        dir,
        ['build', '-f', 'email,web'],
        'SOURCE_DATE_EPOCH is "253402300800", a date after the year 9999',
        { SOURCE_DATE_EPOCH: '253402300800' },
      );
      await expectRefused(
        dir,
        ['build', '-f', 'email,web'],
        /SOURCE_DATE_EPOCH is "9{40}\.\.\.", a date after the year 9999/,
        { SOURCE_DATE_EPOCH: '9'.repeat(400) },
      );
      const built = await leaflet(['build', '-f', 'email,web'], dir, { env: { SOURCE_DATE_EPOCH: '253402300799' } });
      expect(built.code, built.stderr).toBe(0);
    },
  );

  it('after the year 9999 stops a pack before it prints (exit 2), and no PDF is written', async () => {
    await expectRefused(copyFixture(), ['pack', 'articles/knee-pain.md', '-o', 'pack.pdf'], after9999, {
      SOURCE_DATE_EPOCH: '99999999999999',
    });
  });
});

describe('leaflet init', () => {
  const hostile = `Dr "Bob" O'Neil's # 1: [Physio] {and} <b>& co</b> — Caerdydd`;

  it(
    'writes a name with quotes, "#", ":", brackets and markup so that the config holds exactly that ' +
      'name, the logo is XML, and the project builds',
    async () => {
      const dir = tempDir();
      const run = await leaflet(['init', '--name', hostile, '--today', TODAY], dir);
      expect(run.code, run.stderr).toBe(0);
      expect((await loadConfig(dir)).clinic.name).toBe(hostile);

      const logo = readFileSync(path.join(dir, 'brand', 'logo.svg'), 'utf8');
      expect(XMLValidator.validate(logo)).toBe(true);
      const svg = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(logo) as {
        svg: { 'aria-label': string; text: { '#text': string } };
      };
      expect(svg.svg['aria-label']).toBe(hostile);
      expect(svg.svg.text['#text']).toBe('DO');

      const article = readFileSync(path.join(dir, 'articles', 'staying-active-with-back-pain.md'), 'utf8');
      expect(parse(article.split('---')[1] ?? '')).toMatchObject({
        author: hostile,
        reviewer: `${hostile} clinical team`,
      });
      const built = await leaflet(['build', '-f', 'email,web', '--today', TODAY], dir);
      expect(built.code, built.stderr).toBe(0);
      expect(readFileSync(path.join(dir, 'out', 'web', 'index.html'), 'utf8')).toContain('&lt;b&gt;&amp; co&lt;/b&gt;');
    },
  );

  it('shows the first letter of a name with no capitalised word in its logo, escaped', async () => {
    const dir = tempDir();
    expect((await leaflet(['init', '--name', '<b>& co</b>', '--today', TODAY], dir)).code).toBe(0);
    const logo = readFileSync(path.join(dir, 'brand', 'logo.svg'), 'utf8');
    expect(XMLValidator.validate(logo)).toBe(true);
    expect(logo).toContain('aria-label="&lt;b&gt;&amp; co&lt;/b&gt;"');
    expect(logo).toContain('>B</text>');
  });

  it('refuses a name with a line break in it, naming --name, and writes nothing (exit 2)', async () => {
    await expectRefused(
      tempDir(),
      ['init', '--name', 'Riverside "Physio" # 1\nwebsite: https://evil.example', '--today', TODAY],
      '--name has a line break, tab or other control character in it',
    );
  });

  it('refuses a name of 101 characters, naming --name, and writes nothing (exit 2)', async () => {
    await expectRefused(
      tempDir(),
      ['init', '--name', `${'Physio '.repeat(15).slice(0, 100)}x`, '--today', TODAY],
      "--name is 101 characters long: a clinic's name may have at most 100",
    );
  });

  it('refuses a website with a line break in it, naming --website, and writes nothing (exit 2)', async () => {
    await expectRefused(
      tempDir(),
      [
        'init',
        '--name',
        'Riverside Physio',
        '--website',
        'https://riverside.example/\nlogo: /etc/passwd',
        '--today',
        TODAY,
      ],
      '--website must be a web address without spaces or line breaks',
    );
  });
});

describe('leaflet new', () => {
  it('makes a slug of at most 60 characters from a 400-character title, cut where a word ends, and keeps the whole title', async () => {
    const dir = copyFixture();
    const title = `${'Knee pain when you run downhill on a wet day '.repeat(9)}and more`.slice(0, 400);
    const run = await leaflet(['new', title, '--today', TODAY], dir);
    expect(run.code, run.stderr).toBe(0);
    const file = run.stdout.trim();
    const slug = path.basename(file, '.md');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(SLUG_PATTERN);
    expect(slug).toBe('knee-pain-when-you-run-downhill-on-a-wet-day-knee-pain-when');
    const frontMatter = parse(readFileSync(path.join(dir, file), 'utf8').split('---')[1] ?? '') as {
      title: string;
      slug: string;
    };
    expect(frontMatter).toMatchObject({ title, slug });
  });

  it.each([['!!! ???'], ['膝盖疼痛']])(
    'says to give --slug for a title that gives no slug (%s), and writes nothing (exit 2)',
    async (title) => {
      await expectRefused(
        copyFixture(),
        ['new', title, '--today', TODAY],
        `the title "${title}" gives no slug (the name of its file and web address), which is made ` +
          `from the letters a-z and digits in it: give one with --slug`,
      );
    },
  );

  it("checks --slug with the front matter's rule and length, naming --slug (exit 2)", async () => {
    const dir = copyFixture();
    await expectRefused(
      dir,
      ['new', 'Knee pain', '--slug', 'Knee Pain', '--today', TODAY],
      '--slug "Knee Pain" may only use a-z, 0-9 and single "-" between words',
    );
    const long = 'knee-'
      .repeat(17)
      .slice(0, MAX_SLUG_LENGTH + 1)
      .replace(/-$/, 'x');
    await expectRefused(
      dir,
      ['new', 'Knee pain', '--slug', long, '--today', TODAY],
      `--slug "${long}" is 81 characters long: a slug may have at most 80`,
    );
  });
});
