// Exercises: `type: exercise` front matter with a picture and a default dose, the dose in words, and the checks that
// make an exercise a list of short steps.
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/articles/read-article.js';
import { createArticleChecker } from '../../src/check/check-article.js';
import { doseItems, doseSummary } from '../../src/render/dose.js';
import { loadMessages } from '../../src/render/messages.js';
import { articleView } from '../../src/render/view.js';
import { testConfig } from '../helpers.js';

const config = testConfig({ defaults: { lang: 'en-GB' } });
const messages = loadMessages(undefined);
const english = messages.in('en-GB');
const parse = (lines: string[]) =>
  parseArticle(lines.join('\n'), '/site/exercises/heel-raises.md', 'exercises/heel-raises.md', config);

/** The error reading `lines` throws, as file, line and message. */
function problem(lines: string[]): { file?: string; line?: number; message: string } {
  try {
    parse(lines);
  } catch (error) {
    const { file, line, message } = error as { file?: string; line?: number; message: string };
    return { file, line, message };
  }
  throw new Error('no error');
}

const HEEL_RAISES = [
  '---',
  'title: Heel raises',
  'type: exercise',
  'image: images/heel-raises.svg',
  'image_alt: A person standing on tiptoe, holding the back of a chair.',
  'dose:',
  '  sets: 3',
  '  reps: 10',
  '  per_day: 2',
  '---',
  '',
  '1. Stand behind a chair and hold its back.',
  '2. Rise up onto your toes, slowly.',
  '3. Lower your heels to the floor, slowly.',
  '',
  'Stop if the pain gets sharp.',
];

describe('an exercise article', () => {
  it('reads its type, picture and default dose', async () => {
    const { article } = parse(HEEL_RAISES);
    expect(article).toMatchObject({
      type: 'exercise',
      dose: { sets: 3, reps: 10, per_day: 2 },
      image: '/site/exercises/images/heel-raises.svg',
    });
  });

  it('is an ordinary article when it says no type, with an empty dose', async () => {
    const { article } = parse(['---', 'title: Knee pain', '---', 'Text.']);
    expect(article).toMatchObject({ type: 'article', dose: {} });
    expect(articleView(article, undefined, messages).exercise).toBeUndefined();
  });

  it('needs a picture, with alt text, naming the line', async () => {
    const noPicture = HEEL_RAISES.filter((line) => !line.startsWith('image'));
    expect(problem(noPicture)).toMatchObject({
      file: 'exercises/heel-raises.md',
      line: 3,
      message: expect.stringMatching(/^an exercise needs a picture of it/),
    });
    const noAlt = HEEL_RAISES.filter((line) => !line.startsWith('image_alt'));
    expect(problem(noAlt)).toMatchObject({
      line: 4,
      message: expect.stringMatching(/^an exercise's picture needs "image_alt"/),
    });
  });

  it(
    'refuses a dose that is not whole, out of range, of an unknown key, or on an article that is ' + 'not an exercise',
    () => {
      const withDose = (dose: string[]) =>
        HEEL_RAISES.flatMap((line) => (line === 'dose:' ? ['dose:', ...dose] : line.startsWith('  ') ? [] : [line]));
      expect(() => parse(withDose(['  reps: 2.5']))).toThrow(/"dose.reps" expected a whole number of repetitions/);
      expect(() => parse(withDose(['  per_day: 40']))).toThrow(/"dose.per_day" expected at most 10 times a day/);
      expect(() => parse(withDose(['  side: middle']))).toThrow(/"dose.side" expected left, right or both/);
      expect(() => parse(withDose(['  weight: 5']))).toThrow(
        /"dose" has "weight", which a dose does not: use sets, reps/,
      );
      expect(problem(['---', 'title: Knee pain', 'dose:', '  reps: 3', '---', 'Text.'])).toMatchObject({
        line: 3,
        message: expect.stringMatching(/^"dose" is for exercises: add "type: exercise"/),
      });
    },
  );
});

describe('a dose in words', () => {
  it('gives the box a line for each part, in the order a patient follows them', async () => {
    expect(doseItems({ sets: 3, reps: 10, hold: 30, per_day: 2, side: 'both' }, english)).toEqual([
      { label: 'Sets', value: '3' },
      { label: 'Repetitions', value: '10 in each set' },
      { label: 'Hold each for', value: '30 seconds' },
      { label: 'How often', value: 'twice a day' },
      { label: 'Side', value: 'both sides' },
    ]);
    expect(doseItems({ reps: 1, hold: 120, per_day: 3, side: 'left' }, english)).toEqual([
      { label: 'Repetitions', value: '1' },
      { label: 'Hold each for', value: '2 minutes' },
      { label: 'How often', value: '3 times a day' },
      { label: 'Side', value: 'left side only' },
    ]);
    expect(doseItems({}, english)).toEqual([]);
  });

  it('says it in one line, for contents lists', async () => {
    expect(doseSummary({ sets: 3, reps: 10, per_day: 1 }, english, 'en-GB')).toBe('3 sets of 10, once a day');
    expect(doseSummary({ sets: 1, hold: 90, side: 'right' }, english, 'en-GB')).toBe(
      '1 set, hold 90 seconds, right side only',
    );
    expect(doseSummary({ reps: 5 }, english, 'en-GB')).toBe('5 repetitions');
  });

  it("lays a therapist's dose over the exercise's own, key by key", async () => {
    const { article } = parse(HEEL_RAISES);
    expect(articleView(article, undefined, messages, { reps: 15 }).exercise?.doseSummary).toBe(
      '3 sets of 15, twice a day',
    );
    expect(articleView(article, undefined, messages).exercise?.doseSummary).toBe('3 sets of 10, twice a day');
  });
});

describe('the checks of an exercise', () => {
  // One checker for the file: each checker loads its own dictionaries.
  const checker = createArticleChecker(config);
  const checkArticle = (article: Parameters<typeof checker>[0], _config: unknown) => checker(article, '2026-11-25');
  const rules = async (lines: string[]) =>
    (await checkArticle(parse(lines).article, config)).findings.map((finding) => finding.rule);

  it('ask for numbered steps instead of sections on what to do and when to get help', async () => {
    expect(await rules(HEEL_RAISES)).not.toContain('exercise-steps');
    expect(await rules(HEEL_RAISES)).not.toContain('no-action-section');
    expect(await rules(HEEL_RAISES)).not.toContain('no-help-section');
    const prose = HEEL_RAISES.map((line) => line.replace(/^\d\. /, ''));
    expect(await rules(prose)).toContain('exercise-steps');
  });

  it('find a step too long to read while doing it, at its line', async () => {
    const long = HEEL_RAISES.map((line) =>
      line.startsWith('2. ') ? `2. ${'Rise up slowly onto your toes and '.repeat(5)}hold.` : line,
    );
    const { findings } = await checkArticle(parse(long).article, config);
    const finding = findings.find((found) => found.rule === 'exercise-steps');
    expect(finding?.line).toBe(13);
  });
});
