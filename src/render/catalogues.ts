// A message catalogue file (locales/<lang>.json) read and checked when it is loaded, before anything is built: its name
// is a language tag, its text a JSON object of strings, and each message valid ICU MessageFormat that uses only the
// placeholders leaflet fills in for that key. A clinic's mistake is then a config error naming the catalogue, the key
// and what to fix, not a failure of every output blamed on the template that asked for the phrase.
import { IntlMessageFormat } from 'intl-messageformat';
import { checkLanguageTag } from '../config/language-tag.js';
import { jsonErrorLine } from '../config/load-config.js';
import { ConfigError, messageOf } from '../errors.js';

/** One element of a parsed message (intl-messageformat's AST). */
type MessageElement = ReturnType<IntlMessageFormat['getAst']>[number];

/** How a message uses a placeholder: as text, as a number (number, plural, selectordinal), or as a date or time. */
type Use = 'text' | 'number' | 'date';

/** A catalogue's file name as a language tag ("zh-hans.json" is "zh-Hans"); a name that is none is an error. */
export function catalogueTag(name: string, file: string): string {
  const checked = checkLanguageTag(name);
  if ('tag' in checked) return checked.tag;
  throw new ConfigError(
    `the file name ${checked.problem}. A message catalogue is named after its language, like cy.json or zh-Hans.json.`,
    { file },
  );
}

/** A catalogue file's messages: a flat JSON object of strings (keys starting "$" are notes for translators). */
export function readCatalogue(text: string, file: string): [string, string][] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const line = jsonErrorLine(text, error);
    throw new ConfigError(
      'the message catalogue is not valid JSON here: check its quotes, commas and braces, like { ' +
        '"inShort": "Yn gryno" }.',
      { file, line },
    );
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(
      'a message catalogue must be a JSON object of "key": "message" pairs, like { "inShort": "Yn gryno" }.',
      { file },
    );
  }
  const entries: [string, string][] = [];
  for (const [key, message] of Object.entries(data)) {
    if (key.startsWith('$')) continue;
    if (typeof message !== 'string') {
      const kind = Array.isArray(message)
        ? 'a list'
        : message === null
          ? 'null'
          : typeof message === 'object'
            ? 'a group of keys'
            : `a ${typeof message}`;
      throw new ConfigError(`the message "${key}" is ${kind}: a message is text in quotes, like "${key}": "...".`, {
        file,
        ...keyLine(text, key),
      });
    }
    entries.push([key, message]);
  }
  return entries;
}

/** Where a catalogue's messages are checked against: its language, leaflet's English messages, its text and file. */
export interface CatalogueSource {
  tag: string;
  /** leaflet's own English messages, by key: what each phrase says and which placeholders it is given. */
  reference: ReadonlyMap<string, string>;
  /** The file's text, to find a key's line in. */
  text: string;
  /** The file, as shown in messages. */
  file: string;
}

/** Check each message of a project's catalogue; the first that is wrong is a ConfigError naming the file and key. */
export function checkCatalogue(entries: readonly [string, string][], source: CatalogueSource): void {
  const numbers = numericPlaceholders(source.reference);
  for (const [key, message] of entries) {
    const problem = messageProblem(message, source.tag, source.reference.get(key), numbers);
    if (problem)
      throw new ConfigError(`the message "${key}" ${problem}`, { file: source.file, ...keyLine(source.text, key) });
  }
}

/** What is wrong with one message, in words; undefined when nothing is. */
function messageProblem(
  message: string,
  tag: string,
  english: string | undefined,
  numbers: ReadonlySet<string>,
): string | undefined {
  // Plain text has nothing to parse: leaflet says it as written.
  if (!/[{}']/.test(message)) return undefined;
  let ast: MessageElement[];
  try {
    ast = new IntlMessageFormat(message, tag, undefined, { ignoreTag: true }).getAst();
  } catch (error) {
    return syntaxProblem(error);
  }
  // A key leaflet's English lacks is one no template of leaflet's asks for: there is nothing to hold it to.
  if (english === undefined) return undefined;
  const given = placeholdersOf(parseMessage(english));
  for (const [name, uses] of placeholdersOf(ast)) {
    const known = given.get(name);
    if (!known)
      return (
        `uses the placeholder {${name}}, which leaflet does not fill in for this phrase: ` +
        `${allowedIn(given)}, as leaflet's English message does ("${english}").`
      );
    if (uses.has('date') && !known.has('date'))
      return `formats {${name}} as a date or time, but leaflet gives it already written out: write {${name}} alone.`;
    if (uses.has('number') && !known.has('number') && !numbers.has(name))
      return `uses {${name}} as a number (plural, number), but leaflet gives it as text: write {${name}} alone.`;
  }
  return undefined;
}

/** The placeholders a message may use, for a message that says which. */
function allowedIn(given: ReadonlyMap<string, ReadonlySet<Use>>): string {
  const names = [...given.keys()].map((name) => `{${name}}`);
  if (names.length === 0) return 'it takes none';
  return `it may use only ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}`;
}

/** A message leaflet ships, parsed: its own catalogues are tested to parse, so this does not throw. */
function parseMessage(message: string): MessageElement[] {
  return new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst();
}

/** Each placeholder of a message and how it is used, through plural and select branches. */
function placeholdersOf(ast: readonly MessageElement[], found = new Map<string, Set<Use>>()): Map<string, Set<Use>> {
  for (const element of ast) {
    if (element.type === 0 || element.type === 7 || !('value' in element)) continue;
    if (element.type !== 8) {
      const uses = found.get(element.value) ?? new Set<Use>();
      uses.add(
        element.type === 2 || element.type === 6
          ? 'number'
          : element.type === 3 || element.type === 4
            ? 'date'
            : 'text',
      );
      found.set(element.value, uses);
    }
    if ('options' in element) for (const option of Object.values(element.options)) placeholdersOf(option.value, found);
    if ('children' in element) placeholdersOf(element.children, found);
  }
  return found;
}

/**
 * Placeholders leaflet's English uses as numbers somewhere ({count}, {reps}): leaflet gives them as numbers everywhere.
 */
function numericPlaceholders(reference: ReadonlyMap<string, string>): Set<string> {
  const numbers = new Set<string>();
  for (const message of reference.values()) {
    if (!message.includes(',')) continue;
    for (const [name, uses] of placeholdersOf(parseMessage(message))) if (uses.has('number')) numbers.add(name);
  }
  return numbers;
}

/** The parser's complaint (an error kind such as MISSING_OTHER_CLAUSE) in words, with where in the message. */
function syntaxProblem(error: unknown): string {
  const kind = messageOf(error);
  const column = (error as { location?: { start?: { column?: number } } }).location?.start?.column;
  const where = column ? ` (at character ${column})` : '';
  const words: Record<string, string> = {
    EXPECT_ARGUMENT_CLOSING_BRACE: 'opens a { that is never closed',
    EMPTY_ARGUMENT: 'has empty braces {}: put the name of a placeholder in them, or take them out',
    MALFORMED_ARGUMENT: 'has braces around something that is not a placeholder name',
    MISSING_OTHER_CLAUSE: 'has a plural or select without its "other {...}" case, which every one needs',
    INVALID_ARGUMENT_TYPE: 'has a placeholder of a kind ICU does not know: use plural, select, selectordinal or number',
  };
  return (
    `is not valid ICU MessageFormat${where}: it ` +
    `${words[kind] ?? 'has braces that do not ' + 'match up'}. Check its { } braces against leaflet's English message.`
  );
}

/** The line a key is written on in a catalogue's text, when it can be found. */
function keyLine(text: string, key: string): { line?: number } {
  const quoted = JSON.stringify(key);
  const index = text
    .split('\n')
    .findIndex((line) => new RegExp(`${quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`).test(line));
  return index >= 0 ? { line: index + 1 } : {};
}
