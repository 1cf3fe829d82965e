import { describe, expect, it } from 'vitest';
import { dateProblem } from '../../src/articles/front-matter.js';
import { parseArticle, parseMatter, slugFromFileName } from '../../src/articles/read-article.js';
import { slugFromTitle } from '../../src/commands/new/new-article.js';
import { FrontMatterError } from '../../src/errors.js';
import { sourceDateOf } from '../../src/render/context.js';
import { testConfig } from '../helpers.js';

const config = testConfig({ defaults: { lang: 'en-GB', formats: ['leaflet', 'web'] } });
const parse = (source: string, file = '/site/articles/knee-pain.md') =>
  parseArticle(source, file, 'articles/knee-pain.md', config);

describe('parseArticle', () => {
  it('reads complete front matter into an article', () => {
    const { article, warnings } = parse(
      [
        '---',
        'title: Knee pain',
        'summary: What helps.',
        'tags: [knees, running]',
        'published: 2026-03-01',
        'reviewed: 2026-03-01',
        'next_review: 2027-03-01',
        'key_points: [Keep moving]',
        'sources:',
        '  - title: NHS',
        '    url: https://www.nhs.uk/',
        'image: ./images/knee.png',
        '---',
        '',
        'Body text.',
      ].join('\n'),
    );
    expect(warnings).toEqual([]);
    expect(article).toMatchObject({
      slug: 'knee-pain',
      title: 'Knee pain',
      lang: 'en-GB',
      tags: ['knees', 'running'],
      published: '2026-03-01',
      nextReview: '2027-03-01',
      keyPoints: ['Keep moving'],
      sources: [{ title: 'NHS', url: 'https://www.nhs.uk/' }],
      image: '/site/articles/images/knee.png',
      formats: ['leaflet', 'web'],
      draft: false,
      bodyLine: 14,
    });
    expect(article.body.trim()).toBe('Body text.');
  });

  it('accepts a single tag written without a list, and takes formats from front matter', () => {
    const { article } = parse('---\ntitle: T\ntags: feet\nformats: [email]\n---\nx');
    expect(article.tags).toEqual(['feet']);
    expect(article.formats).toEqual(['email']);
  });

  it('requires a title', () => {
    expect(() => parse('---\nsummary: no title\n---\nx')).toThrow(/"title" is required/);
  });

  it('rejects a bad slug with its line', () => {
    try {
      parse('---\ntitle: T\nslug: Knee Pain!\n---\nx');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'FRONT_MATTER', file: 'articles/knee-pain.md', line: 3 });
      expect((error as Error).message).toMatch(/"slug" may only use a-z, 0-9/);
    }
  });

  it('rejects dates that are not dates, and source urls that are not addresses', () => {
    expect(() => parse('---\ntitle: T\nreviewed: March 2026\n---\nx')).toThrow(
      /"reviewed" expected a date written as YYYY-MM-DD/,
    );
    expect(() => parse('---\ntitle: T\nsources:\n  - title: A\n    url: not a url\n---\nx')).toThrow(/"sources.0.url"/);
  });

  it('gives the file line of a YAML syntax error', () => {
    expect(() => parse('---\ntitle: T\n  bad: indent\n---\nx')).toThrow(FrontMatterError);
    try {
      parse('---\ntitle: T\n  bad: indent\n---\nx');
    } catch (error) {
      expect((error as FrontMatterError).line).toBe(3);
    }
  });

  it('fails a file without front matter', () => {
    expect(() => parse('# Just a heading\n')).toThrow(/has no front matter/);
  });

  it('warns about unknown keys and suggests the likely one', () => {
    const { warnings } = parse('---\ntitle: T\nreviwed: 2026-01-01\n---\nx');
    expect(warnings).toEqual([
      {
        file: 'articles/knee-pain.md',
        line: 3,
        message: 'unknown front matter key "reviwed" is ignored. Did you mean "reviewed"?',
      },
    ]);
  });
});

describe('slugFromFileName', () => {
  it('makes a safe slug from any file name', () => {
    expect(slugFromFileName('/a/Plantar Fasciitis.md')).toBe('plantar-fasciitis');
    expect(slugFromFileName('/a/Épaule_douloureuse.md')).toBe('epaule-douloureuse');
  });
});

describe('slugFromTitle', () => {
  it('cuts a long title\'s slug where a word ends, at most 60 characters, with no "-" at the end', () => {
    const slug = slugFromTitle(
      'Why your knee hurts when you walk down the stairs slowly in the morning after a long run',
    );
    expect(slug).toBe('why-your-knee-hurts-when-you-walk-down-the-stairs-slowly-in');
    expect(slugFromTitle(`${'a'.repeat(70)} knee`)).toBe('a'.repeat(60));
    expect(slugFromTitle('Knee pain')).toBe('knee-pain');
  });

  it('says to give --slug when a title has no letter a-z or digit', () => {
    expect(() => slugFromTitle('Ból — ?')).not.toThrow();
    expect(() => slugFromTitle('العربية')).toThrow(/gives no slug .*give one with --slug/);
  });
});

describe('dateProblem', () => {
  it('takes a day of the calendar, early years too, and says what is wrong with any other', () => {
    expect(['2026-03-01', '2028-02-29', '0050-01-31'].map(dateProblem)).toEqual([undefined, undefined, undefined]);
    expect(dateProblem('2026-02-29')).toBe('2026-02-29 is not a day of the calendar: check the month and the day');
    expect(dateProblem('2026-3-1')).toBe('expected a date written as YYYY-MM-DD, like 2026-03-01');
  });
});

describe('sourceDateOf', () => {
  it('takes whole seconds up to the end of 9999, and refuses more, naming SOURCE_DATE_EPOCH', () => {
    expect(sourceDateOf({ SOURCE_DATE_EPOCH: '253402300799' })?.toISOString()).toBe('9999-12-31T23:59:59.000Z');
    expect(sourceDateOf({ SOURCE_DATE_EPOCH: '0001767225600' })?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(sourceDateOf({ SOURCE_DATE_EPOCH: '' })).toBeUndefined();
    expect(() => sourceDateOf({ SOURCE_DATE_EPOCH: '253402300800' })).toThrow(
      expect.objectContaining({
        code: 'USAGE',
        message: expect.stringMatching(/^SOURCE_DATE_EPOCH is "253402300800", a date after the year 9999/),
      }),
    );
    expect(() => sourceDateOf({ SOURCE_DATE_EPOCH: '1.5' })).toThrow(
      /^SOURCE_DATE_EPOCH is "1.5": it must be a whole number of seconds/,
    );
  });
});

describe('parseMatter', () => {
  it("gives the file line of a key, a list item or a key inside one, from the YAML parser's own nodes", () => {
    const { data, lineOf } = parseMatter(
      [
        '---',
        'title: T',
        'summary: >',
        '  title: not a key, but text',
        'tags: [knees, running]',
        'sources:',
        '  - title: A',
        '    url: x',
        '  # a comment',
        '  - title: B',
        '',
        '    url: y',
        '"dose": { sets: 3,',
        '  reps: 10 }',
        '---',
        'Body',
      ].join('\n'),
      'articles/a.md',
    );
    expect(data).toMatchObject({ title: 'T', summary: 'title: not a key, but text\n', dose: { sets: 3, reps: 10 } });
    expect(lineOf(['title'])).toBe(2);
    expect(lineOf(['tags', 1])).toBe(5);
    expect(lineOf(['sources', 1, 'url'])).toBe(12);
    // A key that is not there: the line of the deepest part of its path that is.
    expect(lineOf(['sources', 0, 'author'])).toBe(7);
    expect(lineOf(['dose', 'reps'])).toBe(14);
    expect(lineOf(['missing'])).toBeUndefined();
  });

  it('reads front matter as YAML 1.2: dates, yes and no, and numbers with a leading zero as before', () => {
    const { data } = parseMatter(
      '---\npublished: 2026-02-30\ndraft: no\nyes: true\nreps: 0123\nsets: 0o17\nhold: 1e1\nx: ~\n---\n',
      'articles/a.md',
    );
    expect(data).toEqual({ published: '2026-02-30', draft: 'no', yes: true, reps: 123, sets: 15, hold: 10, x: null });
  });

  it('splits the file as before: a byte-order mark, Windows line ends, a "yaml" on the first line, no closing line', () => {
    expect(parseMatter('\ufeff---yaml\r\ntitle: T\r\n---\r\nBody\r\n', 'a.md')).toMatchObject({
      data: { title: 'T' },
      content: 'Body\r\n',
    });
    expect(parseMatter('---\ntitle: T\n', 'a.md')).toMatchObject({ data: { title: 'T' }, content: '' });
    expect(parseMatter('# No front matter\n', 'a.md')).toMatchObject({ data: {}, content: '# No front matter\n' });
    expect(parseMatter('---\n# only a comment\n---\nBody', 'a.md')).toMatchObject({ data: {}, content: 'Body' });
  });

  it('refuses front matter in another language than YAML, which gray-matter would have run as JavaScript', () => {
    const attempt = () => parseMatter('---js\n{ title: (process.exitCode = 99, "x") }\n---\nBody', 'articles/a.md');
    expect(attempt).toThrow(FrontMatterError);
    expect(attempt).toThrow(/^the first line asks for front matter in "js", but front matter is YAML/);
    expect(process.exitCode).not.toBe(99);
  });
});
