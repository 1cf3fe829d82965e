// `leaflet init`: start a clinic's own repository. It writes the config with the clinic's name, a placeholder logo, one
// example article that passes `leaflet check`, a .gitignore, npm scripts and a GitHub Actions workflow that checks and
// builds on every push. It never replaces a file that is there: package.json and .gitignore get only what they lack.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { escapeUTF8 } from 'entities';
import { addYears } from '../../check/governance.js';
import { resolveConfig, WORD_LIST_FILE } from '../../config/load-config.js';
import { writeYaml } from '../../config/yaml.js';
import { ConfigError, messageOf, UsageError } from '../../errors.js';
import { TOOL_PACKAGE, TOOL_VERSION } from '../../version.js';

export interface InitOptions {
  /** The folder to start the project in (made when missing). */
  folder: string;
  /** The folder paths are shown relative to. */
  cwd: string;
  /** The clinic's name, on every leaflet, email and page. */
  name: string;
  /** The clinic's website, where the web pages will be published. */
  website?: string | undefined;
  /** The clinic's main colour, "#rrggbb". */
  colour?: string | undefined;
  /** The date the example article was written and reviewed (YYYY-MM-DD). */
  today: string;
}

/** What `init` did, file by file (paths as shown to the user). */
export interface InitResult {
  written: string[];
  /** Existing files that got what they lacked (npm scripts, .gitignore lines). */
  updated: string[];
  /** Existing files left as they were. */
  kept: string[];
}

/** The npm scripts a clinic's project runs leaflet with. */
const SCRIPTS = { build: 'leaflet build', check: 'leaflet check', preview: 'leaflet preview' };

/**
 * Write the project's files into `options.folder`. Throws UsageError when the name, website or colour is not usable.
 */
export async function initProject(options: InitOptions): Promise<InitResult> {
  const name = checkedName(options.name);
  const config = configText({ ...options, name });
  const result: InitResult = { written: [], updated: [], kept: [] };
  const shown = (file: string): string => path.relative(options.cwd, file) || file;
  const create = async (name: string, text: string): Promise<void> => {
    const file = path.join(options.folder, name);
    if (existsSync(file)) return void result.kept.push(shown(file));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text, { flag: 'wx' });
    result.written.push(shown(file));
  };
  await mkdir(options.folder, { recursive: true });
  await create('leaflet.config.yaml', config);
  await create(path.join('brand', 'logo.svg'), logoSvg(name, options.colour ?? DEFAULT_COLOUR));
  await create(path.join('articles', 'staying-active-with-back-pain.md'), exampleArticle(name, options.today));
  await create(path.join('exercises', 'knee-to-chest.md'), exampleExercise(name, options.today));
  await create(path.join('exercises', 'images', 'knee-to-chest.svg'), KNEE_TO_CHEST_SVG);
  await create(path.join('packs', 'back-pain-first-visit.yaml'), EXAMPLE_PACK);
  await create(WORD_LIST_FILE, WORD_LIST);
  await create(path.join('.github', 'workflows', 'leaflets.yml'), WORKFLOW);
  await addLines(path.join(options.folder, '.gitignore'), ['out/', 'node_modules/'], result, shown);
  await addScripts(path.join(options.folder, 'package.json'), path.basename(options.folder), result, shown);
  return result;
}

const DEFAULT_COLOUR = '#0b5394';

/** The clinic's word list, empty but for what it is for. */
const WORD_LIST = `# The clinic's own words for the spelling check of "leaflet check" and of the build: names, places, products and
# words your patients know that a dictionary does not. One a line (a line may hold a name of several words); a line
# starting with "#" is a comment. A word in lower case is known however it is written; a Name with capitals is known
# as written, and in capitals.
`;

/** The longest clinic name taken: it heads every leaflet, email and page, and must fit on them. */
export const MAX_NAME_LENGTH = 100;

/** The config file, checked against the schema before anything is written; its values written by the YAML library. */
function configText(options: InitOptions): string {
  if (options.website !== undefined && /[\p{Cc}\p{Zl}\p{Zp}\s]/u.test(options.website)) {
    throw new UsageError(
      '--website must be a web address without spaces or line breaks, like https://riverside.example/advice.',
    );
  }
  const clinic = {
    name: options.name,
    ...(options.website ? { website: options.website } : {}),
    logo: './brand/logo.svg',
    colors: { primary: options.colour ?? DEFAULT_COLOUR },
  };
  try {
    // Checked without the logo, which is not written yet.
    resolveConfig({ clinic: { ...clinic, logo: undefined } }, undefined, options.folder);
  } catch (error) {
    const problem = messageOf(error)
      .replace(/^invalid config: /, '')
      .replace(/\. Fix these keys.*$/, '');
    throw new UsageError(
      `${problem.replace('"clinic.website"', '--website').replace('"clinic.colors.primary"', '--colour')}.`,
    );
  }
  return `# leaflet's settings for this clinic: every key is described in patient-leaflet's docs/configuration.md.
${dumpYaml({ clinic }).trimEnd()}
  # phone: 01234 567890
  # email: hello@example.org
  # address: 1 High Street, Exampletown
defaults:
  lang: en-GB
`;
}

/** The clinic's name, trimmed; one with a control character or a line break, or far too long, is a usage error. */
function checkedName(given: string): string {
  const name = given.trim();
  if (!name) throw new UsageError('give the clinic a name: leaflet init --name "Riverside Physiotherapy"');
  if (/[\p{Cc}\p{Zl}\p{Zp}]/u.test(name)) {
    throw new UsageError(
      "--name has a line break, tab or other control character in it: give the clinic's name on one " +
        'line, like --name "Riverside Physiotherapy".',
    );
  }
  if ([...name].length > MAX_NAME_LENGTH) {
    throw new UsageError(
      `--name is ${[...name].length} characters long: a clinic's name may have at most ` +
        `${MAX_NAME_LENGTH}, like --name "Riverside Physiotherapy".`,
    );
  }
  return name;
}

/** YAML for a value, quoted and escaped as needed: one line per value, never folded. */
function dumpYaml(value: unknown): string {
  return writeYaml(value, 0);
}

/** Add the lines a text file lacks (a .gitignore), or write it. */
async function addLines(
  file: string,
  lines: string[],
  result: InitResult,
  shown: (file: string) => string,
): Promise<void> {
  const text = existsSync(file) ? await readFile(file, 'utf8') : undefined;
  const present = new Set((text ?? '').split(/\r?\n/).map((line) => line.trim()));
  const missing = lines.filter((line) => !present.has(line) && !present.has(`/${line}`));
  if (text === undefined) {
    await writeFile(file, `${lines.join('\n')}\n`);
    result.written.push(shown(file));
  } else if (missing.length > 0) {
    await writeFile(file, `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${missing.join('\n')}\n`);
    result.updated.push(shown(file));
  } else {
    result.kept.push(shown(file));
  }
}

/** Add the npm scripts (and leaflet itself, when it is not a dependency yet) to package.json, or write one. */
async function addScripts(
  file: string,
  folderName: string,
  result: InitResult,
  shown: (file: string) => string,
): Promise<void> {
  if (!existsSync(file)) {
    const name =
      folderName
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[-.]+|-+$/g, '') || 'patient-information';
    const pkg = { name, private: true, scripts: SCRIPTS, devDependencies: { [TOOL_PACKAGE]: `^${TOOL_VERSION}` } };
    await writeFile(file, `${JSON.stringify(pkg, null, 2)}\n`);
    return void result.written.push(shown(file));
  }
  let pkg: {
    scripts?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  try {
    pkg = JSON.parse(await readFile(file, 'utf8')) as typeof pkg;
  } catch (error) {
    throw new ConfigError(
      `package.json is not valid JSON (${messageOf(error)}); fix it, then run "leaflet init" again.`,
      { file: shown(file) },
    );
  }
  const scripts = { ...pkg.scripts };
  const added = Object.entries(SCRIPTS).filter(([key]) => !(key in scripts));
  for (const [key, command] of added) scripts[key] = command;
  const needsTool = !pkg.dependencies?.[TOOL_PACKAGE] && !pkg.devDependencies?.[TOOL_PACKAGE];
  if (added.length === 0 && !needsTool) return void result.kept.push(shown(file));
  const updated = {
    ...pkg,
    scripts,
    ...(needsTool ? { devDependencies: { ...pkg.devDependencies, [TOOL_PACKAGE]: `^${TOOL_VERSION}` } } : {}),
  };
  await writeFile(file, `${JSON.stringify(updated, null, 2)}\n`);
  result.updated.push(shown(file));
}

/** A square logo with the clinic's initials, until the clinic puts its own in brand/logo.svg. */
function logoSvg(name: string, colour: string): string {
  // The first letter of up to two capitalised words ("Riverside Physio": RP), or else the name's first letter or digit.
  const capitals = name
    .split(/\s+/)
    .flatMap((word) => /^\p{Lu}/u.exec(word) ?? [])
    .slice(0, 2)
    .join('');
  const initials = capitals || (/[\p{L}\p{N}]/u.exec(name)?.[0] ?? '').toLocaleUpperCase();
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${escapeUTF8(name)}">
  <rect width="96" height="96" rx="20" fill="${escapeUTF8(colour)}"/>
  <text x="48" y="61" text-anchor="middle" font-family="Liberation Sans, Arial, sans-serif" font-size="40" font-weight="bold" fill="#ffffff">${escapeUTF8(initials)}</text>
</svg>
`;
}

/** The example article: short, in plain words, with every field `leaflet check` looks for. */
function exampleArticle(clinic: string, today: string): string {
  return `---
title: Staying active when your back hurts
summary: Why gentle movement helps most back pain get better, and when to ask for help.
tags: [back pain]
# Put the names of the people who wrote and checked this article here.
${dumpYaml({ author: clinic, reviewer: `${clinic} clinical team` }).trimEnd()}
published: ${today}
reviewed: ${today}
next_review: ${addYears(today, 1)}
key_points:
  - Most back pain gets better within a few weeks.
  - Keep moving. Rest in bed can make it last longer.
  - Get help at once if you have numbness or weakness in your legs.
sources:
  - title: NHS - Back pain
    url: https://www.nhs.uk/conditions/back-pain/
---

Back pain is very common. It can hurt a lot, but it is rarely a sign of anything serious. Most people feel better
within a few weeks.

## What you can do

1. Keep moving. Walk a little every day, and do more as the pain eases.
2. Try to carry on with your normal day as much as you can.
3. Use heat, such as a warm bath or a hot water bottle, to ease stiff muscles.
4. Ask a pharmacist about pain relief if you need it.

You may feel sore when you start to move again. This does not mean you are doing harm.

## When to get help

Contact us or see your GP if:

- the pain has not got better after a few weeks
- the pain stops you doing your normal day

Call 999 or go to A&E if you have numbness around your bottom or between your legs. Do the same if you cannot control
when you pee or poo, or if both legs feel weak.

## How we can help

A physiotherapist can find out what is causing your pain. We can show you exercises that make your back stronger and
help stop the pain coming back.
`;
}

/** An example exercise, laid out as an exercise card in every format, that passes `leaflet check`. */
function exampleExercise(clinic: string, today: string): string {
  return `---
title: Knee to chest stretch
type: exercise
summary: A gentle stretch for your lower back, done lying down.
tags: [back pain, exercises]
${dumpYaml({ author: clinic, reviewer: `${clinic} clinical team` }).trimEnd()}
published: ${today}
reviewed: ${today}
next_review: ${addYears(today, 1)}
sources:
  - title: NHS - Back pain
    url: https://www.nhs.uk/conditions/back-pain/
image: images/knee-to-chest.svg
image_alt: A person lying on their back, hugging one knee towards their chest, with the other leg straight.
# How much to do, unless the physiotherapist says otherwise.
dose:
  reps: 5
  hold: 20
  per_day: 2
  side: both
---

1. Lie on your back on the floor or your bed, with your knees bent.
2. Hold one knee with both hands. Gently pull it towards your chest.
3. Keep your other foot flat, and your head and shoulders relaxed.
4. Hold the stretch, then slowly lower your leg. Swap legs.

Stop if the pain gets sharp, or you feel numbness or pins and needles in your legs. Tell your physiotherapist.
`;
}

/** A line drawing for the example exercise: limbs drawn as a dark outline with a lighter line inside. */
const KNEE_TO_CHEST_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 300" width="480" height="300" role="img" aria-labelledby="t">
  <title id="t">A person lying on their back, hugging one knee towards their chest, with the other leg straight.</title>
  <defs>
    <marker id="arrowhead" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
      <path d="M0 0 L10 5 L0 10 Z" fill="#b45309"/>
    </marker>
  </defs>
  <rect width="480" height="300" fill="#f4f8fc"/>
  <line x1="30" y1="252" x2="450" y2="252" stroke="#5b6770" stroke-width="3"/>
  <g stroke-linecap="round" stroke-linejoin="round" fill="none">
    <polyline points="250,230 420,234" stroke="#0b5394" stroke-width="20"/>
    <polyline points="250,230 420,234" stroke="#ffd9b8" stroke-width="13"/>
    <polyline points="118,226 250,230" stroke="#0b5394" stroke-width="30"/>
    <polyline points="118,226 250,230" stroke="#ffd9b8" stroke-width="23"/>
    <polyline points="250,230 205,160 262,190" stroke="#0b5394" stroke-width="20"/>
    <polyline points="250,230 205,160 262,190" stroke="#ffd9b8" stroke-width="13"/>
    <polyline points="140,222 185,175 205,165" stroke="#0b5394" stroke-width="14"/>
    <polyline points="140,222 185,175 205,165" stroke="#ffd9b8" stroke-width="8"/>
  </g>
  <circle cx="88" cy="222" r="24" fill="#ffd9b8" stroke="#0b5394" stroke-width="3.5"/>
  <path d="M230 128 Q 190 118 168 140" fill="none" stroke="#b45309" stroke-width="4" stroke-linecap="round" marker-end="url(#arrowhead)"/>
</svg>
`;

/** An example standard pack: \`npx leaflet build\` prints it to out/packs/back-pain-first-visit.pdf. */
const EXAMPLE_PACK = `# A pack the clinic gives often: \`npx leaflet build\` prints it to out/packs/back-pain-first-visit.pdf.
title: "Back pain: first visit"
intro: The advice and the exercise we went through today.
articles:
  - staying-active-with-back-pain
exercises:
  - knee-to-chest
`;

/** The GitHub Actions workflow: check the articles, build them, and keep the output as an artifact. */
const WORKFLOW = `# Check and build the articles on every push; the leaflets, emails and web pages are kept as an artifact.
name: leaflets
on: push
jobs:
  leaflets:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      # GitHub's Ubuntu runners come with Google Chrome; leaflet finds it. These fonts draw the text and the emoji.
      - run: sudo apt-get update && sudo apt-get install -y fonts-noto-color-emoji fonts-liberation
      - run: npm ci
      - run: npx leaflet doctor
      # out/ of the last run, before the check: leaflets, emails and pages whose article, images, templates and config
      # are unchanged are kept, and so are their articles' findings. The build takes the check's, and checks nothing again.
      - uses: actions/cache@v4
        with:
          path: out/
          key: leaflets-\${{ github.ref_name }}-\${{ github.sha }}
          restore-keys: leaflets-\${{ github.ref_name }}-
      - run: npx leaflet check --format github
      - run: npx leaflet build
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: leaflets
          path: out/
`;
