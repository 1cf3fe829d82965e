// Find the config file, read it (JSON, YAML or a JS module) and validate it into a ResolvedConfig.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, messageOf } from '../errors.js';
import { type ConfigOverrides, configSchema, describeIssues, type ResolvedConfig } from './schema.js';
import { readYamlData } from './yaml.js';

/** Config file names looked for in the working directory, in this order. */
export const CONFIG_NAMES = [
  'leaflet.config.json',
  'leaflet.config.yaml',
  'leaflet.config.yml',
  'leaflet.config.mjs',
  'leaflet.config.js',
];

/**
 * Load `explicitFile`, or the first config file found in `cwd`, or the defaults when there is none; `overrides` are the
 * command line's settings, kept beside the file's (they also beat an article's front matter).
 */
export async function loadConfig(
  cwd: string,
  explicitFile?: string,
  overrides: ConfigOverrides = {},
): Promise<ResolvedConfig> {
  const file = explicitFile ? path.resolve(cwd, explicitFile) : findConfigFile(cwd);
  if (explicitFile && (!file || !existsSync(file))) {
    throw new ConfigError(`config file not found: ${explicitFile}. Check the path given to --config.`);
  }
  const raw = file ? await readConfigFile(file, cwd) : {};
  return resolveConfig(raw, file, cwd, overrides);
}

/** Validate a raw config object (defaults < file); `file` is only used for messages and relative paths. */
export function resolveConfig(
  raw: unknown,
  file: string | undefined,
  cwd: string,
  overrides: ConfigOverrides = {},
): ResolvedConfig {
  const shown = file ? path.relative(cwd, file) || file : undefined;
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = describeIssues(parsed.error);
    throw new ConfigError(
      `invalid config: ${problems.join('; ')}. Fix these keys (patient-leaflet's ` +
        `docs/configuration.md describes every key).`,
      {
        ...(shown ? { file: shown } : {}),
      },
    );
  }
  const root = file ? path.dirname(file) : cwd;
  const config = parsed.data;
  const logoPath = config.clinic.logo ? path.resolve(root, config.clinic.logo) : undefined;
  if (logoPath && !existsSync(logoPath)) {
    throw new ConfigError(`"clinic.logo": the file ${config.clinic.logo} does not exist (looked in ${root}).`, {
      ...(shown ? { file: shown } : {}),
    });
  }
  return deepFreeze({
    ...config,
    overrides: { ...overrides },
    file,
    root,
    logoPath,
    templatesDir: path.resolve(root, config.templates),
    clinicWords: readWordList(config.check.wordList, root, shown),
  });
}

/** The file of the clinic's own words, when there is none named: beside the config, and written by `leaflet init`. */
export const WORD_LIST_FILE = 'words.txt';

/**
 * The clinic's own words: `check.wordList` (which must exist), or `words.txt` beside the config when it is there. One
 * word or name a line; a line may hold several ("Riverside Physiotherapy"), and "#" starts a comment.
 */
function readWordList(named: string | undefined, root: string, shown: string | undefined): string[] {
  const file = path.resolve(root, named ?? WORD_LIST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!named && code === 'ENOENT') return [];
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : 'could not be read';
    throw new ConfigError(
      `"check.wordList": the file ${named ?? WORD_LIST_FILE} ${why} (looked in ${root}). ` +
        "Give the path of a text file of the clinic's own words, one a line.",
      { ...(shown ? { file: shown } : {}), cause: error },
    );
  }
  return text
    .split(/\r?\n/)
    .flatMap((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter((word) => word !== '');
}

/** Freeze `value` and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const entry of Object.values(value)) deepFreeze(entry);
  }
  return value;
}

function findConfigFile(cwd: string): string | undefined {
  return CONFIG_NAMES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate));
}

async function readConfigFile(file: string, cwd: string): Promise<unknown> {
  const shown = path.relative(cwd, file) || file;
  const ext = path.extname(file).toLowerCase();
  if (ext === '.mjs' || ext === '.js' || ext === '.cjs') {
    try {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      return mod.default ?? mod;
    } catch (error) {
      throw new ConfigError(`could not load the config module: ${messageOf(error)}`, { file: shown, cause: error });
    }
  }
  const text = await readFile(file, 'utf8');
  if (ext === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ConfigError('not valid JSON here: check its quotes, commas and braces.', {
        file: shown,
        line: jsonErrorLine(text, error),
        cause: error,
      });
    }
  }
  // "<<: *defaults" merges one mapping into another, as it did when js-yaml's default schema read the config.
  const yaml = readYamlData(text, CONFIG_FILE, { merge: true });
  if ('problem' in yaml) {
    throw new ConfigError(yaml.problem, { file: shown, ...(yaml.line ? { line: yaml.line } : {}), cause: yaml.cause });
  }
  return yaml.data;
}

/** How a problem names the config file: "indent the config file with spaces". */
const CONFIG_FILE = { noun: 'the config file', the: 'the config file' };

/** The line JSON.parse stopped at, from the position it gives ("... at position 42"), or the last line. */
export function jsonErrorLine(text: string, error: unknown): number {
  const position = /at position (\d+)/.exec(messageOf(error))?.[1];
  const offset = position === undefined ? text.length : Number(position);
  return text.slice(0, offset).split('\n').length;
}
