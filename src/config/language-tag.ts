// Language tags (BCP 47: en-GB, cy, zh-Hans), checked where they enter (front matter, the config, a catalogue's file
// name) by every Intl service leaflet later hands a tag to: a tag that passes here works in every format, and one that
// does not is refused at its source instead of failing each output later with the engine's "Incorrect locale
// information provided".
import { z } from 'zod';

/** The longest tag taken: BCP 47 asks software to handle 35 characters, and real tags are far shorter. */
export const MAX_TAG_LENGTH = 35;

/** What a language tag looks like, said in every message about one. */
export const TAG_EXAMPLES = 'write a language code, then a region if needed, like en-GB, cy or ar';

/** The canonical form of a language tag ("en-gb" is "en-GB"), or what is wrong with it, in words. */
export function checkLanguageTag(tag: string): { tag: string } | { problem: string } {
  if (tag.length > MAX_TAG_LENGTH)
    return { problem: `is ${tag.length} characters long, too long for a language tag: ${TAG_EXAMPLES}` };
  const canonical = usableTag(tag);
  if (canonical && /^[a-z]{2,3}(?:-|$)/.test(canonical)) return { tag: canonical };
  return { problem: `${tag} is not a language tag${wrongPart(tag)}: ${TAG_EXAMPLES}` };
}

/** A language tag in a schema: checked, and kept in its canonical form. */
export const languageTagSchema = z
  .string({ error: `expected a language tag as text: ${TAG_EXAMPLES}` })
  .transform((value, ctx) => {
    const checked = checkLanguageTag(value);
    if ('tag' in checked) return checked.tag;
    ctx.issues.push({ code: 'custom', message: checked.problem, input: value });
    return z.NEVER;
  });

/** A language tag as a key (`check.jargon.languages`): checked, kept as written (lookups read it as written). */
export const languageKeySchema = z.string().superRefine((value, ctx) => {
  const checked = checkLanguageTag(value);
  if ('problem' in checked) ctx.addIssue({ code: 'custom', message: checked.problem, input: value });
});

/** Tags already tried, and what came of it: trying one builds six Intl services, and a build meets a few tags often. */
const triedTags = new Map<string, string | null>();
const TRIED_TAGS_KEPT = 1000;

/** The tag in canonical form when every Intl service leaflet uses takes it; undefined when any refuses it. */
function usableTag(tag: string): string | undefined {
  let tried = triedTags.get(tag);
  if (tried === undefined) {
    tried = tryTag(tag) ?? null;
    if (triedTags.size >= TRIED_TAGS_KEPT) triedTags.clear();
    triedTags.set(tag, tried);
  }
  return tried ?? undefined;
}

function tryTag(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (!canonical) return undefined;
    // Each throws a RangeError on a tag it cannot take: the templates format dates, name languages, join lists and
    // choose plural forms with them, and the fonts and text direction come from the maximized locale.
    new Intl.Locale(canonical).maximize();
    new Intl.DateTimeFormat(canonical);
    new Intl.DisplayNames([canonical], { type: 'language' });
    new Intl.ListFormat(canonical);
    new Intl.PluralRules(canonical);
    new Intl.NumberFormat(canonical);
    return canonical;
  } catch {
    return undefined;
  }
}

/** Which part of a bad tag is wrong, for the message: ` ("12" cannot follow "en")`, or nothing when it is unclear. */
function wrongPart(tag: string): string {
  const parts = tag.split('-');
  if (!/^[a-zA-Z]{2,3}$/.test(parts[0] ?? ''))
    return ` ("${parts[0] ?? ''}" is not a language code of two or three letters)`;
  for (let count = 2; count <= parts.length; count += 1) {
    const part = parts[count - 1] ?? '';
    // A one-letter part opens an extension ("-u-", "-x-"), which means nothing until its next part.
    if (part.length === 1) continue;
    if (!usableTag(parts.slice(0, count).join('-')))
      return ` ("${part}" cannot follow "${parts.slice(0, count - 1).join('-')}")`;
  }
  return '';
}

/** Languages written right to left, for runtimes whose Intl.Locale has no textInfo. */
const RIGHT_TO_LEFT = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku-Arab', 'ps', 'sd', 'ug', 'ur', 'yi']);

const directions = new Map<string, 'ltr' | 'rtl'>();

/** Which way a language is written: decided once for each article, when its settings are (`ArticleSettings.dir`). */
export function textDirection(lang: string): 'ltr' | 'rtl' {
  let direction = directions.get(lang);
  if (!direction) {
    direction = findDirection(lang);
    directions.set(lang, direction);
  }
  return direction;
}

function findDirection(lang: string): 'ltr' | 'rtl' {
  try {
    const locale = new Intl.Locale(lang);
    const info = (locale as Intl.Locale & { textInfo?: { direction?: string } }).textInfo;
    if (info?.direction === 'rtl' || info?.direction === 'ltr') return info.direction;
    const full = locale.maximize();
    return RIGHT_TO_LEFT.has(full.language) || RIGHT_TO_LEFT.has(`${full.language}-${full.script}`) ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}
