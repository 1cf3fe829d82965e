// The reading grades of Spanish (INFLESZ) and Polish (FOG-PL) against values worked out by hand, and the syllable
// rules they count with.
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/articles/read-article.js';
import { createArticleChecker } from '../../src/check/check-article.js';
import { describeStats } from '../../src/check/format.js';
import { fogPlGrade, infleszGrade, polishSyllables, spanishSyllables } from '../../src/check/grades.js';
import { proseSegments } from '../../src/check/prose.js';
import { measureReadability } from '../../src/check/readability.js';
import { TODAY, testConfig } from '../helpers.js';

describe('Spanish syllables', () => {
  it('count diphthongs and triphthongs as one, hiatuses as two, with h between vowels and y as a vowel', () => {
    const words: [string, number][] = [
      ['día', 2], // dí-a: a stressed í parts the vowels
      ['baúl', 2], // ba-úl
      ['ciudad', 2], // ciu-dad: two weak vowels
      ['poeta', 3], // po-e-ta: two strong vowels
      ['leer', 2], // le-er
      ['buey', 1], // a triphthong, y a vowel at the end
      ['ayuda', 3], // a-yu-da: y before a vowel is a consonant
      ['muy', 1],
      ['y', 1],
      ['ahora', 3], // a-ho-ra: the h does not join a and o (both strong)
      ['prohibir', 2], // prohi-bir: nor part o and i
      ['rehúso', 3], // re-hú-so
      ['acción', 2], // ac-ción
      ['guitarra', 3], // gui-ta-rra
      ['pingüino', 3], // pin-güi-no
      ['fisioterapeuta', 6], // fi-sio-te-ra-peu-ta
      ['Inflamación', 4], // in-fla-ma-ción
    ];
    expect(words.map(([word]) => [word, spanishSyllables(word)])).toEqual(words);
  });
});

describe('Polish syllables', () => {
  it('count each vowel, less an i that only softens the consonant before a vowel', () => {
    const words: [string, number][] = [
      ['nie', 1],
      ['się', 1],
      ['kolano', 3],
      ['ćwiczenie', 3], // ćwi-cze-nie
      ['pierwsze', 2], // pier-wsze
      ['tygodnie', 3], // ty-god-nie
      ['rehabilitacja', 6], // re-ha-bi-li-ta-cja
      ['terapia', 3], // te-ra-pia
      ['wrócić', 2], // wró-cić: the i comes before a consonant
      ['Odpoczywaj', 4], // od-po-czy-waj
    ];
    expect(words.map(([word]) => [word, polishSyllables(word)])).toEqual(words);
  });
});

describe('INFLESZ (Spanish)', () => {
  // Worked out by hand: 3 sentences, 13 words.
  //   "Me(1) duele(2: due-le) el(1) talón(2: ta-lón)."                 4 words,  6 syllables
  //   "Camina(3) un(1) poco(2) cada(2) día(2: dí-a)."                    5 words, 10 syllables
  //   "El(1) hielo(2: hie-lo) ayuda(3: a-yu-da) mucho(2)."              4 words,  8 syllables
  //   INFLESZ = 206.835 − 62.3 × 24/13 − 13/3 = 206.835 − 115.015 − 4.333 = 87.49 → 87.5, "very easy" (80 and more)
  const text = 'Me duele el talón. Camina un poco cada día. El hielo ayuda mucho.';

  it('matches the hand-worked score and band', () => {
    const { stats } = measureReadability(proseSegments(text), new Set(), undefined, 'es');
    expect(stats).toMatchObject({ english: false, words: 13, sentences: 3, syllables: 24 });
    expect(stats.grade).toEqual({ formula: 'INFLESZ', score: 87.5, band: 'very easy' });
  });

  it('puts each score in its INFLESZ band', () => {
    // 100 words, 5 sentences (20 a sentence): 206.835 − 62.3 × s/100 − 20, with s syllables.
    const band = (syllables: number) => infleszGrade({ words: 100, sentences: 5, syllables, longWords: 0 });
    expect(band(180)).toEqual({ formula: 'INFLESZ', score: 74.7, band: 'quite easy' }); // 206.835 − 112.14 − 20
    expect(band(200).band).toBe('normal'); // 62.2
    expect(band(220).band).toBe('somewhat hard'); // 49.8
    expect(band(250).band).toBe('very hard'); // 31.1
  });
});

describe('FOG-PL (Polish)', () => {
  // Worked out by hand: 3 sentences, 13 words, 2 hard words (four syllables or more).
  //   "Boli(2) mnie(1) kostka(2)."                                             3 words, 0 hard
  //   "Odpoczywaj(4: od-po-czy-waj) i(1) trzymaj(2) nogę(2) wysoko(3)."        5 words, 1 hard
  //   "Rehabilitacja(6) pomaga(3) wrócić(2) do(1) sportu(2)."                  5 words, 1 hard
  //   FOG-PL = 0.4 × (13/3 + 100 × 2/13) = 0.4 × (4.333 + 15.385) = 7.89 → 7.9, "simple" (7 to 9)
  const text = 'Boli mnie kostka. Odpoczywaj i trzymaj nogę wysoko. Rehabilitacja pomaga wrócić do sportu.';

  it('matches the hand-worked grade and band', () => {
    const { stats } = measureReadability(proseSegments(text), new Set(), undefined, 'pl');
    expect(stats).toMatchObject({ english: false, words: 13, sentences: 3 });
    expect(stats.grade).toEqual({
      formula: 'FOG-PL',
      score: 7.9,
      band: 'simple: lower secondary school',
      hardWords: 2,
    });
  });

  it('puts each grade in its band, read in whole years', () => {
    const grade = (words: number, sentences: number, longWords: number) =>
      fogPlGrade({ words, sentences, syllables: 0, longWords });
    expect(grade(100, 10, 5).band).toBe('very simple: primary school'); // 0.4 × (10 + 5) = 6
    expect(grade(100, 10, 13).band).toBe('simple: lower secondary school'); // 0.4 × (10 + 13) = 9.2
    expect(grade(100, 5, 12)).toMatchObject({ score: 12.8, band: 'fairly hard: undergraduate' }); // 0.4 × 32
  });
});

describe('grades in the checks', () => {
  const FRONT = ['author: A', 'reviewer: B', 'reviewed: 2026-06-01', 'next_review: 2028-06-01'];
  const check = async (lang: string, title: string, body: string, targets = {}) => {
    const resolved = testConfig({ check: { ...targets, rules: { spelling: 'off' } } });
    const source = ['---', `title: ${title}`, `lang: ${lang}`, ...FRONT, '---', '', body].join('\n');
    const { article } = parseArticle(source, '/site/articles/a.md', 'articles/a.md', resolved);
    return createArticleChecker(resolved)(article, TODAY);
  };
  // The hand-worked texts four times over (12 sentences, same grades): a grade says something from 10 sentences.
  const spanish = Array.from({ length: 4 }, () => 'Me duele el talón. Camina un poco cada día. El hielo ayuda mucho.');
  const polish = Array.from(
    { length: 4 },
    () => 'Boli mnie kostka. Odpoczywaj i trzymaj nogę wysoko. Rehabilitacja pomaga wrócić do sportu.',
  );
  const gradeFinding = async (lang: string, body: string[], targets: object) =>
    (await check(lang, 'Ból', body.join(' '), targets)).findings.find((finding) => finding.rule === 'reading-grade');

  it('warn when the Spanish score is below check.minInflesz, or the Polish grade above check.maxFogPl', async () => {
    expect((await gradeFinding('es', spanish, { minInflesz: 90 }))?.message).toBe(
      'reading ease INFLESZ 87.5 (very easy) is below the target of 90: use shorter sentences and shorter, ' +
        'everyday words.',
    );
    expect(await gradeFinding('es', spanish, {})).toBeUndefined(); // the default target is 55
    expect((await gradeFinding('pl', polish, { maxFogPl: 7 }))?.message).toBe(
      'reading grade FOG-PL 7.9 (simple: lower secondary school) is above the target of 7: use shorter sentences ' +
        'and fewer words of four syllables or more.',
    );
    expect(await gradeFinding('pl', polish, {})).toBeUndefined(); // the default target is 9
  });

  it('report the grade as the English one is, under the article in leaflet check', async () => {
    const { stats } = await check('pl', 'Ból', polish.join(' '));
    expect(describeStats(stats)).toEqual([
      'grade 7.9 (FOG-PL: simple: lower secondary school); 52 words, 12 sentences, 4.3 words a sentence, 8 hard ' +
        'words (four syllables or more)',
      'no structure checks (their patterns are for English); no jargon list for this language (add one in ' +
        'check.jargon.languages)',
    ]);
    expect(describeStats((await check('es', 'Dolor', spanish.join(' '))).stats)[0]).toBe(
      'reading ease 87.5 (INFLESZ: very easy); 52 words, 12 sentences, 4.3 words a sentence',
    );
  });
});
