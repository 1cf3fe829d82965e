// An article file's bytes as text, or the reason they cannot be: empty, too big, binary, or not UTF-8.
import { ArticleError } from '../errors.js';

/** An article larger than this is refused: it would make a leaflet of dozens of pages, and slow every step. */
export const MAX_ARTICLE_BYTES = 1024 * 1024;

/** The text of an article file, without a byte-order mark; throws an ArticleError saying what to do. */
export function articleText(bytes: Uint8Array, shownPath: string): string {
  const fail = (message: string, line?: number): never => {
    throw new ArticleError(message, { file: shownPath, ...(line ? { line } : {}) });
  };
  if (bytes.length === 0)
    fail('is empty: an article starts with front matter (a "---" line, "title: ...", and "---"), then its text.');
  if (bytes.length > MAX_ARTICLE_BYTES) {
    fail(
      `is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; an article may be at most ` +
        `${MAX_ARTICLE_BYTES / 1024 / 1024} MB. Split it into shorter articles.`,
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    fail('holds a NUL byte: it does not look like a text file. Save it as plain text (UTF-8).', lineAt(bytes, nul));
  const invalid = firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    fail(
      'is not UTF-8 text (it may be saved as Latin-1 or Windows-1252, so letters like "é" would be ' +
        'lost). Save it again as UTF-8.',
      lineAt(bytes, invalid),
    );
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

/** The 1-based line of the byte at `offset`. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index += 1) if (bytes[index] === 0x0a) line += 1;
  return line;
}

/** The offset of the first byte that is not part of valid UTF-8, or -1 when all of it is. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index] ?? 0;
    const length =
      byte < 0x80
        ? 1
        : byte >= 0xc2 && byte <= 0xdf
          ? 2
          : byte >= 0xe0 && byte <= 0xef
            ? 3
            : byte >= 0xf0 && byte <= 0xf4
              ? 4
              : 0;
    if (length === 0 || index + length > bytes.length) return index;
    for (let next = 1; next < length; next += 1) if (((bytes[index + next] ?? 0) & 0xc0) !== 0x80) return index;
    // Overlong forms and surrogates are not UTF-8 either.
    const second = bytes[index + 1] ?? 0;
    if (
      (byte === 0xe0 && second < 0xa0) ||
      (byte === 0xed && second > 0x9f) ||
      (byte === 0xf0 && second < 0x90) ||
      (byte === 0xf4 && second > 0x8f)
    )
      return index;
    index += length;
  }
  return -1;
}
