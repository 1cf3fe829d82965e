// Standard packs: the packs a clinic gives every week ("Heel pain: first visit"), kept in the repository as
// `packs/<name>.yaml` and printed by every build that prints leaflets to `out/packs/<name>.pdf`, with no patient's
// name, cached like leaflets.
//
//   title: "Heel pain: first visit"
//   intro: The advice and exercises we went through today.
//   articles: [plantar-fasciitis]
//   exercises:
//     - calf-stretch: { hold: 30 }
//     - heel-raises
//   pages: 4            # optional: the most pages it should take
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { closest } from 'fastest-levenshtein';
import { glob } from 'tinyglobby';
import { z } from 'zod';
import type { Article } from '../../articles/article.js';
import { type Dose, doseSchema } from '../../articles/front-matter.js';
import { nestingMessage, tooDeeplyNested } from '../../articles/nesting.js';
import { issueInWords, type ResolvedConfig } from '../../config/schema.js';
import { readYamlData } from '../../config/yaml.js';
import { PackError } from '../../errors.js';

/** A standard pack as its file says, with the articles and exercises it names resolved. */
export interface StandardPack {
  /** Absolute path of the YAML file. */
  file: string;
  shownPath: string;
  /** The file name without `.yaml`: the PDF is `out/packs/<name>.pdf`. */
  name: string;
  title: string;
  intro: string | undefined;
  articles: Article[];
  doses: Map<string, Dose>;
  /** The most pages it should take (`pages:`), when it says. */
  pages: number | undefined;
  /** The line of its `pages:` key, for a warning that it takes more. */
  pagesLine: number | undefined;
}

const slugList = z.array(
  z.string({ error: 'expected the name (slug) of an article, like plantar-fasciitis' }).trim().min(1),
  { error: 'expected a list, like [plantar-fasciitis]' },
);

const packSchema = z.strictObject(
  {
    title: z
      .string({
        error: (issue) => (issue.input === undefined ? 'is required: every pack needs a title' : 'expected text'),
      })
      .trim()
      .min(1, { error: 'must not be empty' }),
    intro: z.string({ error: 'expected text (Markdown)' }).trim().min(1).optional(),
    articles: slugList.default([]),
    exercises: z
      .array(
        z.union(
          [
            z.string().trim().min(1),
            z
              .record(z.string(), doseSchema.nullable())
              .refine((entry) => Object.keys(entry).length === 1, { error: 'one exercise to an entry' }),
          ],
          {
            error:
              "expected an exercise's name, like heel-raises, or its name with a dose, like " +
              '"heel-raises: { sets: 3, reps: 10 }"',
          },
        ),
        { error: 'expected a list of exercises' },
      )
      .default([]),
    pages: z
      .number({ error: 'expected a number of pages, like 4' })
      .int({ error: 'expected a whole number of pages' })
      .min(1, { error: 'expected at least 1 page' })
      .max(40, { error: 'expected at most 40 pages' })
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key ${issue.keys.map((key) => `"${key}"`).join(', ')}: a pack has title, intro, ` +
          `articles, exercises and pages`
        : 'expected a pack: title, intro, articles, exercises and pages',
  },
);

/** How a problem names a pack file: "indent the pack with spaces", "the pack is not valid YAML here". */
const PACK = { noun: 'the pack', the: 'the pack' };

/** The pack files the config's `packs` patterns find, sorted. */
export async function findPackFiles(config: ResolvedConfig, cwd: string): Promise<string[]> {
  const files = await glob([config.packs].flat(), {
    cwd,
    absolute: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: ['**/node_modules/**'],
  });
  return files.map((file) => path.normalize(file)).sort();
}

/**
 * Read one pack file against the build's articles (and its drafts, which a pack may not name); throws a PackError
 * naming the file and line.
 */
export async function readStandardPack(
  file: string,
  shownPath: string,
  articles: readonly Article[],
  drafts: readonly Article[] = [],
): Promise<StandardPack> {
  const yaml = readYamlData(await readFile(file, 'utf8'), PACK);
  if ('problem' in yaml) {
    throw new PackError(yaml.problem, {
      file: shownPath,
      ...(yaml.line ? { line: yaml.line } : {}),
      cause: yaml.cause,
    });
  }
  const at = (keyPath: readonly PropertyKey[]): { line?: number } => {
    const line = yaml.lineOf(keyPath);
    return line ? { line } : {};
  };
  const parsed = packSchema.safeParse(yaml.data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `"${issue.path.join('.')}" ` : '';
    throw new PackError(`${where}${issue ? issueInWords(issue) : 'is not a pack'}.`, {
      file: shownPath,
      ...(issue ? at(issue.path) : {}),
    });
  }
  // The intro is Markdown, printed on the cover: refused before the renderer when nested too deep to read.
  const nested = parsed.data.intro === undefined ? undefined : tooDeeplyNested(parsed.data.intro);
  if (nested) {
    throw new PackError(
      `"intro": ${nestingMessage(nested.depth, "a pack's intro", `(line ${nested.line} of the intro)`)}`,
      { file: shownPath, ...at(['intro']) },
    );
  }
  const find = packArticleFinder(shownPath, articles, drafts, at);
  const doses = new Map<string, Dose>();
  const chosen = parsed.data.articles.map((slug, index) => find(slug, 'articles', index));
  parsed.data.exercises.forEach((entry, index) => {
    const [slug, dose] = typeof entry === 'string' ? [entry, null] : (Object.entries(entry)[0] ?? ['', null]);
    chosen.push(find(slug, 'exercises', index));
    if (dose) doses.set(slug, dose);
  });
  if (chosen.length === 0)
    throw new PackError('the pack names no articles and no exercises: add them under "articles:" and "exercises:".', {
      file: shownPath,
      line: 1,
    });
  return {
    file,
    shownPath,
    name: path.basename(file).replace(/\.ya?ml$/i, ''),
    title: parsed.data.title,
    intro: parsed.data.intro,
    articles: chosen,
    doses,
    pages: parsed.data.pages,
    pagesLine: parsed.data.pages === undefined ? undefined : at(['pages']).line,
  };
}

/**
 * Finds each slug a pack names among the articles, refusing a draft, an unknown slug, or advice listed as an exercise.
 */
function packArticleFinder(
  shownPath: string,
  articles: readonly Article[],
  drafts: readonly Article[],
  at: (keyPath: readonly PropertyKey[]) => { line?: number },
): (slug: string, key: 'articles' | 'exercises', index: number) => Article {
  const bySlug = new Map(articles.map((article) => [article.slug, article]));
  return (slug, key, index) => {
    const found = bySlug.get(slug);
    const draft = found ? undefined : drafts.find((article) => article.slug === slug);
    if (draft) {
      throw new PackError(
        `${key} names "${slug}", which is a draft (${draft.shownPath} has "draft: true"), not ready ` +
          `for patients: take "draft: true" out of it when it is ready, or leave it out of the pack.`,
        { file: shownPath, ...at([key, index]) },
      );
    }
    if (!found) {
      const guess = closest(slug, [...bySlug.keys()]);
      throw new PackError(
        `${key} names "${slug}", which is not an article of this project${guess ? ` (did you mean "${guess}"?)` : ''}: ` +
          `use the slug, the article's file name without ".md".`,
        { file: shownPath, ...at([key, index]) },
      );
    }
    if (key === 'exercises' && found.type !== 'exercise') {
      throw new PackError(
        `"${slug}" is listed under exercises but is not an exercise (${found.shownPath} has no ` +
          `"type: exercise"): move it to articles.`,
        { file: shownPath, ...at([key, index]) },
      );
    }
    return found;
  };
}
