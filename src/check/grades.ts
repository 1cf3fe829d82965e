// Reading grades for Spanish and Polish, each by a formula made for its language, and the syllable counts they need.
// No maintained package counts Spanish or Polish syllables (the one Spanish splitter on npm ships its test runner as a
// dependency and has had one release), so each language's own rule is written here: a syllable is a vowel nucleus.
//
//   - Spanish (RAE, Ortografía de la lengua española, 2010, §1.4): a, e, o are strong vowels, i, u (and ü) weak. Vowels
//     side by side are one syllable (a diphthong, or a triphthong: "ciudad", "buey") unless two strong vowels meet
//     ("po-e-ta") or a stressed í or ú stands by another vowel ("dí-a", "ba-úl"), which splits them (a hiatus). An h
//     between vowels does not part them ("prohi-bir"); y is a vowel when no vowel follows it ("muy", "hoy", "y").
//   - Polish: every vowel (a, ą, e, ę, i, o, ó, u, y) is a syllable, except an i before another vowel, which only
//     softens the consonant before it ("nie", "się", "ćwi-cze-nie", "te-ra-pia").
//
// The formulas:
//   - Spanish, INFLESZ: Szigriszt-Pazos's perspicuity, 206.835 − 62.3 × syllables/words − words/sentences, read on
//     the INFLESZ scale of Barrio-Cantalejo et al. (2008), which was validated on texts written for patients.
//   - Polish, FOG-PL: Gunning's fog index as Pracownia Prostej Polszczyzny (University of Wrocław) adapted it,
//     0.4 × (words/sentences + 100 × hard words/words), where a hard word has four syllables or more; the result is
//     years of schooling (Broda, Nitoń, Gruszczyński and Ogrodniczuk, LREC 2014).

/** The languages with a reading grade of their own, besides English. */
export type GradedLanguage = 'es' | 'pl';

/** An article's grade in Spanish or Polish. */
export interface LanguageGrade {
  /** "INFLESZ" (Spanish: higher is easier) or "FOG-PL" (Polish: years of schooling, lower is easier). */
  formula: 'INFLESZ' | 'FOG-PL';
  /** The score, to one decimal place. */
  score: number;
  /** The band of the formula's scale that the score falls in, in English. */
  band: string;
  /** FOG-PL's hard words: words of four syllables or more. */
  hardWords?: number;
}

/** The counts a grade is worked out from. */
export interface GradeCounts {
  words: number;
  sentences: number;
  syllables: number;
  /** Words of four syllables or more. */
  longWords: number;
}

/** The language with a grade of its own that `lang` is written in ("es-MX" is Spanish), if any. */
export function gradedLanguage(lang: string): GradedLanguage | undefined {
  const language = lang.toLowerCase().split('-')[0];
  return language === 'es' || language === 'pl' ? language : undefined;
}

const SPANISH_VOWEL = /[aeiouáéíóúü]/;
const SPANISH_STRONG = /[aeoáéó]/;
const STRESSED_WEAK = /[íú]/;

/** Syllables of a Spanish word (at least one): its vowel nuclei, with Spanish diphthongs and hiatuses. */
export function spanishSyllables(word: string): number {
  const letters = [...word.toLowerCase()];
  const isVowel = (index: number): boolean => {
    const letter = letters[index] ?? '';
    if (letter === 'y') return !SPANISH_VOWEL.test(letters[index + 1] ?? '');
    return SPANISH_VOWEL.test(letter);
  };
  let count = 0;
  let previous: string | undefined; // the last vowel of the group being read
  for (let index = 0; index < letters.length; index += 1) {
    const letter = letters[index] ?? '';
    if (!isVowel(index)) {
      // An h between two vowels keeps them in one group ("prohibir", "rehúso").
      if (!(letter === 'h' && previous !== undefined && isVowel(index + 1))) previous = undefined;
      continue;
    }
    const vowel = letter === 'y' ? 'i' : letter;
    if (previous === undefined || splits(previous, vowel)) count += 1;
    previous = vowel;
  }
  return Math.max(1, count);
}

/** Two vowels side by side are two syllables (a hiatus): both strong, one a stressed í or ú, or the same weak vowel. */
function splits(first: string, second: string): boolean {
  if (SPANISH_STRONG.test(first) && SPANISH_STRONG.test(second)) return true;
  if (STRESSED_WEAK.test(first) || STRESSED_WEAK.test(second)) return true;
  return first === second;
}

/** Syllables of a Polish word (at least one): its vowels, less each i that only softens the consonant before a vowel. */
export function polishSyllables(word: string): number {
  const vowels = word.toLowerCase().match(/[aąeęioóuy]/g)?.length ?? 0;
  const softening = word.toLowerCase().match(/i(?=[aąeęioóuy])/g)?.length ?? 0;
  return Math.max(1, vowels - softening);
}

/** The syllable counter of a graded language. */
export function syllableCounter(language: GradedLanguage): (word: string) => number {
  return language === 'es' ? spanishSyllables : polishSyllables;
}

const round = (value: number): number => (Number.isFinite(value) ? Math.round(value * 10) / 10 : 0);

/** The INFLESZ scale (Barrio-Cantalejo et al. 2008): its bands, from the hardest, with the lowest score of each. */
const INFLESZ_BANDS: readonly [number, string][] = [
  [80, 'very easy'],
  [65, 'quite easy'],
  [55, 'normal'],
  [40, 'somewhat hard'],
  [-Infinity, 'very hard'],
];

/** FOG-PL's scale (Pracownia Prostej Polszczyzny): the highest grade of each band, with who reads it. */
const FOG_PL_BANDS: readonly [number, string][] = [
  [6, 'very simple: primary school'],
  [9, 'simple: lower secondary school'],
  [12, 'fairly simple: upper secondary school'],
  [15, 'fairly hard: undergraduate'],
  [17, 'hard: graduate'],
  [Infinity, 'very hard: specialist'],
];

/** The Szigriszt-Pazos perspicuity of Spanish text, on the INFLESZ scale. */
export function infleszGrade(counts: GradeCounts): LanguageGrade {
  const score = counts.words
    ? round(206.835 - (62.3 * counts.syllables) / counts.words - counts.words / Math.max(1, counts.sentences))
    : 0;
  const band = INFLESZ_BANDS.find(([lowest]) => score >= lowest)?.[1] ?? 'very hard';
  return { formula: 'INFLESZ', score, band };
}

/** The FOG-PL grade of Polish text: years of schooling a reader needs. */
export function fogPlGrade(counts: GradeCounts): LanguageGrade {
  const score = counts.words
    ? round(0.4 * (counts.words / Math.max(1, counts.sentences) + (100 * counts.longWords) / counts.words))
    : 0;
  // FOG-PL's bands are whole years: 9.4 is read as 9, and is still "simple".
  const band = FOG_PL_BANDS.find(([highest]) => Math.round(score) <= highest)?.[1] ?? 'very hard: specialist';
  return { formula: 'FOG-PL', score, band, hardWords: counts.longWords };
}

/** The grade of a graded language from its counts. */
export function languageGrade(language: GradedLanguage, counts: GradeCounts): LanguageGrade {
  return language === 'es' ? infleszGrade(counts) : fogPlGrade(counts);
}
