// The config file's schema: every key, its type and its default, checked once at load.
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { languageKeySchema, languageTagSchema } from './language-tag.js';
import { WARNING_RULES } from './rules.js';

/** The three output formats an article can be built to. */
export const FORMATS = ['leaflet', 'email', 'web'] as const;
export type Format = (typeof FORMATS)[number];
export const formatSchema = z.enum(FORMATS);

/** Page sizes a leaflet can be printed at. */
export const PAGE_SIZES = ['A4', 'A5', 'Letter'] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

const hexColor = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, { error: 'expected a colour written as "#rrggbb", like "#0b5394"' });

const webUrl = z.url({ protocol: /^https?$/, error: 'expected a web address starting with https://' });

const clinicSchema = z.strictObject({
  name: z.string().default(''),
  phone: z.string().optional(),
  email: z.email({ error: 'expected an email address' }).optional(),
  website: webUrl.optional(),
  address: z.string().optional(),
  logo: z.string().optional(),
  colors: z
    .strictObject({
      primary: hexColor.default('#0b5394'),
      accent: hexColor.default('#f1c232'),
    })
    .prefault({}),
});

/** The config file's schema (also the input type of `defineConfig`). */
export const configSchema = z.strictObject({
  clinic: clinicSchema.prefault({}),
  defaults: z
    .strictObject({
      lang: languageTagSchema.default('en-GB'),
      formats: z
        .array(formatSchema)
        .min(1, { error: 'list at least one format' })
        .default([...FORMATS]),
      /** Author and reviewer written into new articles by `leaflet new`. */
      author: z.string().trim().min(1).optional(),
      reviewer: z.string().trim().min(1).optional(),
    })
    .prefault({}),
  leaflet: z
    .strictObject({
      size: z.enum(PAGE_SIZES).default('A4'),
      largePrint: z.boolean().default(false),
      /** Also print `<slug>.booklet.pdf`: A5 pages two to a side of A4 landscape, to fold into a booklet. */
      booklet: z.boolean().default(false),
      qr: z.boolean().default(true),
      /** The most pages a leaflet should take; when not set, as few as fit. */
      pages: z.number().int().min(1).max(20).optional(),
      /** Ruled lines in the "Your notes" box; 0 leaves the box out. */
      notesLines: z.number().int().min(0).max(20).default(5),
      /** Printed under the closing block; when not set, leaflet's own, in the article's language. "" leaves it out. */
      disclaimer: z.string().optional(),
      timeout: z.number().int().positive().default(60_000),
    })
    .prefault({}),
  email: z
    .strictObject({
      /** Sender of newsletters, like "Riverside Physiotherapy <hello@example.org>". */
      from: z.string().optional(),
      /** Recipient written into newsletter .eml files (a mailing tool usually sets its own). */
      to: z.string().optional(),
      /** An unsubscribe address, or the mailing tool's merge tag, passed through untouched. */
      unsubscribe: z.string().optional(),
      /**
       * UTM parameters added to links to the clinic's own website; `campaign` defaults to the slug or newsletter name.
       */
      utm: z
        .strictObject({
          source: z.string().min(1),
          medium: z.string().min(1).default('email'),
          campaign: z.string().min(1).optional(),
        })
        .optional(),
    })
    .prefault({}),
  check: z
    .strictObject({
      /** Highest reading grade (SMOG and Flesch-Kincaid) before a warning. */
      maxGrade: z.number().positive().default(8),
      /** Lowest INFLESZ score (Szigriszt-Pazos) of an article in Spanish before a warning: 55 is "normal". */
      minInflesz: z.number().min(0).max(100).default(55),
      /** Highest FOG-PL grade of an article in Polish before a warning: 9 is still "simple". */
      maxFogPl: z.number().positive().default(9),
      /**
       * The clinic's own words for the spelling check, one a line (names, places, products): a file beside the config.
       * When not set, `words.txt` is read if it is there.
       */
      wordList: z.string().trim().min(1).optional(),
      /** Longest time from `reviewed` to `next_review`, in years. */
      reviewWithinYears: z.number().positive().default(3),
      /** Warn this many days before `next_review`. */
      reviewWarnDays: z.number().int().min(0).default(60),
      /** Sentences longer than this many words are listed. */
      maxSentenceWords: z.number().int().positive().default(25),
      /** Paragraphs with more sentences than this are listed. */
      maxParagraphSentences: z.number().int().positive().default(5),
      /** Warn when more than this share of sentences (in %) use the passive voice. */
      passiveMaxPercent: z.number().min(0).max(100).default(20),
      /** Warn when a section runs longer than this many words without a heading. */
      wordsPerHeading: z.number().int().positive().default(300),
      /** Words the clinic's articles cannot avoid, counted as easy words in the reading grade. */
      topicWords: z.array(z.string().trim().min(1)).default([]),
      jargon: z
        .strictObject({
          /** More terms, or the clinic's own wording for listed ones: `term: plain words`. */
          add: z.record(z.string().trim().min(1), z.string().trim().min(1)).default({}),
          /** Terms of the shipped list the clinic's readers know. */
          remove: z.array(z.string().trim().min(1)).default([]),
          /** The clinic's own lists for other languages, by language: `{ pl: { "term": "plain words" } }`. */
          languages: z
            .record(languageKeySchema, z.record(z.string().trim().min(1), z.string().trim().min(1)))
            .default({}),
        })
        .prefault({}),
      /** Turn a rule off, or make it an error or a warning: `rules: { passive-voice: off }`. */
      rules: z.partialRecord(z.enum(WARNING_RULES), z.enum(['off', 'warning', 'error'])).default({}),
    })
    .prefault({}),
  /** `leaflet desk`: the desk page served to the clinic's network. */
  desk: z
    .strictObject({
      /**
       * A file holding the passphrase therapists sign in with, relative to the config file (the environment variable
       * LEAFLET_DESK_PASSPHRASE wins over it). Never the passphrase itself: the config is in the repository.
       */
      passphraseFile: z
        .string({ error: 'expected the path of a file holding the passphrase' })
        .trim()
        .min(1)
        .optional(),
      /** Minutes without a request after which a therapist must sign in again. */
      idleMinutes: z.number().positive().max(1440).default(30),
      /** Sign-in attempts that may fail from one address in a minute before it must wait. */
      signInsPerMinute: z.number().int().min(1).max(100).default(5),
      /** Trust X-Forwarded-Proto and X-Forwarded-For: the desk is reached only through a reverse proxy on this server. */
      trustProxy: z.boolean().default(false),
      /** The address therapists open, when it is a name (`https://desk.example.org`) rather than the server's number. */
      publicOrigin: z
        .url({
          protocol: /^https?$/,
          error: 'expected the address therapists open the desk at, like https://desk.riverside-physio.example',
        })
        .refine((value) => new URL(value).origin === value.replace(/\/$/, ''), {
          error: 'expected an address with nothing after the name and port, like https://desk.riverside-physio.example',
        })
        .transform((value) => new URL(value).origin)
        .optional(),
      /** Packs printed at once (pages of the one browser). */
      pages: z.number().int().min(1).max(16).default(2),
      /** Packs that may wait for a page; more are told to try again. */
      queue: z.number().int().min(0).max(1000).default(20),
      /** Milliseconds a pack may take, waiting included, before the therapist is told to try again. */
      timeout: z.number().int().positive().default(30_000),
    })
    .prefault({}),
  /** Folder of the clinic's own templates, overriding the defaults file by file. */
  templates: z.string().default('templates'),
  /** Where articles are found when no paths are given. */
  articles: z.union([z.string(), z.array(z.string()).min(1)]).default(['articles/**/*.md', 'exercises/**/*.md']),
  /** Standard packs, printed by every build that prints leaflets. */
  packs: z.union([z.string(), z.array(z.string()).min(1)]).default('packs/*.yaml'),
});

/** What a config file may contain (all keys optional). */
export type LeafletConfig = z.input<typeof configSchema>;

/** The command-line flags that change settings: the top layer, over the config file and front matter. */
export interface ConfigOverrides {
  /** `--format`: the formats this build makes, in place of the config's `defaults.formats`. An article's own `formats`
   * can only narrow them. */
  readonly formats?: readonly Format[];
  /** `--size`: the leaflet page size of every article. */
  readonly size?: PageSize;
  /** `--large-print`: a large-print leaflet of every article too. */
  readonly largePrint?: boolean;
  /** `--booklet`: a booklet of every leaflet too. */
  readonly booklet?: boolean;
}

/** A value that cannot be changed through any of its properties. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * A config after validation and defaults, with paths made absolute and the command line's overrides beside it.
 * Read-only, and frozen: one build's settings cannot be changed by a stage half-way through.
 */
export type ResolvedConfig = DeepReadonly<z.output<typeof configSchema>> & {
  /** Settings the command line gives, over the config and front matter (see `articleSettings`). */
  readonly overrides: ConfigOverrides;
  /** The config file that was read, or undefined when none was found. */
  readonly file: string | undefined;
  /** The folder relative paths in the config are resolved from. */
  readonly root: string;
  /** Absolute path of the logo, when one is configured. */
  readonly logoPath: string | undefined;
  /** Absolute path of the clinic's template folder (may not exist). */
  readonly templatesDir: string;
  /** The clinic's own words for the spelling check (`check.wordList`, or `words.txt`), as the file lists them. */
  readonly clinicWords: readonly string[];
};

/** Typed helper for `leaflet.config.mjs`: `export default defineConfig({ ... })`. */
export function defineConfig(config: LeafletConfig): LeafletConfig {
  return config;
}

/** Turn zod issues into one readable line per problem, naming the key, in plain words (never the schema's own text). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(issue.path);
      const each = issue.keys.map((unknown) => {
        const near = known.length > 0 ? closest(unknown, known) : undefined;
        const guess =
          known.find((name) => name.startsWith(unknown) || unknown.startsWith(name)) ??
          (near && distance(unknown, near) <= 3 ? near : undefined);
        return `"${unknown}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
      });
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${each.join(', ')}${key ? ` in "${key}"` : ''}`;
    }
    return key ? `"${key}": ${issueInWords(issue)}` : issueInWords(issue);
  });
}

/** One schema complaint in words. Messages a schema spells out itself are kept. */
export function issueInWords(issue: z.core.$ZodIssue): string {
  if (!/^(Invalid|Too )/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'object'
        ? 'expected keys under it, each on its own line'
        : issue.expected === 'array'
          ? 'expected a list, like [a, b]'
          : `expected ${articleFor(issue.expected)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `list at least ${String(issue.minimum)}`;
      return issue.inclusive
        ? `must be at least ${String(issue.minimum)}`
        : `must be more than ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_key':
      // A record's key that its schema refuses (a language tag in check.jargon.languages): that schema's own words.
      return issue.issues[0] && !/^(Invalid|Too )/.test(issue.issues[0].message)
        ? issue.issues[0].message
        : 'is not a key this list takes';
    default:
      return /^(Invalid|Too )/.test(issue.message) ? 'is not what is expected here' : issue.message;
  }
}

function articleFor(type: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    boolean: 'true or false',
    int: 'a whole number',
  };
  return words[type] ?? type;
}

/** The keys the config allows at `path` (for "did you mean"). */
function knownKeys(path: readonly PropertyKey[]): string[] {
  let schema: unknown = configSchema;
  for (const segment of [...path, undefined]) {
    // Through defaults, prefaults and optionals to the object or record inside.
    while (
      schema &&
      typeof schema === 'object' &&
      'def' in schema &&
      (schema as { def: { innerType?: unknown } }).def.innerType
    ) {
      schema = (schema as { def: { innerType: unknown } }).def.innerType;
    }
    if (segment === undefined) break;
    schema = schema instanceof z.ZodObject ? (schema.shape as Record<string, unknown>)[String(segment)] : undefined;
  }
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodRecord) return [...WARNING_RULES];
  return [];
}
