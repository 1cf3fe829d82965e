// The passphrase a desk on the clinic's network asks for. It comes from the environment (LEAFLET_DESK_PASSPHRASE) or
// from a file the config names (desk.passphraseFile), never from the command line, where any user of the computer
// could read it in the list of processes. Only a hash of it is kept, and a passphrase typed at sign-in is hashed the
// same way and compared in constant time.
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../../config/schema.js';
import { ConfigError, UsageError } from '../../errors.js';

/** The environment variable that gives the passphrase. */
export const PASSPHRASE_VARIABLE = 'LEAFLET_DESK_PASSPHRASE';

/** The shortest passphrase accepted: four short random words are more than this. */
export const MIN_PASSPHRASE_LENGTH = 12;

/** What checks a passphrase typed at sign-in. */
export interface PassphraseGate {
  /** Where the passphrase came from, for the startup message ("LEAFLET_DESK_PASSPHRASE", or the file). */
  readonly source: string;
  check(attempt: string): Promise<boolean>;
}

/** Hash the passphrase with a salt of this run, and keep only the hash. */
export function passphraseGate(passphrase: string, source: string): PassphraseGate {
  const salt = randomBytes(16);
  const hash = (text: string): Buffer => scryptSync(text.normalize('NFC'), salt, 32);
  const expected = hash(passphrase);
  return {
    source,
    check: (attempt) =>
      new Promise((resolve, reject) =>
        scrypt(attempt.normalize('NFC'), salt, 32, (error, key) =>
          error ? reject(error) : resolve(timingSafeEqual(key, expected)),
        ),
      ),
  };
}

/**
 * The passphrase from the environment, or from the file the config names; undefined when neither gives one. Throws
 * when the one given cannot be used, naming where it came from (and never repeating it).
 */
export async function readPassphrase(
  env: NodeJS.ProcessEnv,
  config: ResolvedConfig,
  cwd: string,
): Promise<PassphraseGate | undefined> {
  const fromEnv = env[PASSPHRASE_VARIABLE];
  if (fromEnv !== undefined)
    return checked(
      fromEnv.trim(),
      PASSPHRASE_VARIABLE,
      (message) => new UsageError(`${PASSPHRASE_VARIABLE} ${message}`),
    );
  const file = config.desk.passphraseFile;
  if (file === undefined) return undefined;
  const configShown = config.file ? path.relative(cwd, config.file) || config.file : undefined;
  const fail = (message: string): ConfigError =>
    new ConfigError(`"desk.passphraseFile": the file ${file} ${message}`, configShown ? { file: configShown } : {});
  let text: string;
  try {
    text = await readFile(path.resolve(config.root, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(
      code === 'ENOENT'
        ? `does not exist (looked in ${config.root}). Create it with the passphrase on one line, readable only by ` +
            'the account the desk runs as.'
        : `cannot be read (${code ?? 'unknown reason'}). Let the account the desk runs as read it.`,
    );
  }
  return checked(text.trim(), file, fail);
}

/** The gate of a passphrase long enough, or the error `fail` makes saying it is not. */
function checked(passphrase: string, source: string, fail: (message: string) => Error): PassphraseGate {
  if (passphrase.length === 0) throw fail('is empty: it must hold the passphrase therapists sign in with.');
  if (passphrase.length < MIN_PASSPHRASE_LENGTH)
    throw fail(
      `holds a passphrase of ${passphrase.length} characters; the desk needs at least ${MIN_PASSPHRASE_LENGTH}. ` +
        'Four random words, like "kettle harbour velvet lantern", make a good one.',
    );
  return passphraseGate(passphrase, source);
}
