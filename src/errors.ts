// Errors that carry their place: every known failure names the file (and line where known) and says
// what to do. The CLI prints a LeafletError as one line; anything else is a bug and keeps its stack.
import path from 'node:path';

/** Machine-readable kinds of failure, used in the build report and for exit codes. */
export type ErrorCode =
  | 'USAGE'
  | 'CONFIG'
  | 'FRONT_MATTER'
  | 'ARTICLE'
  | 'CHECK'
  | 'TEMPLATE'
  | 'RENDER'
  | 'BROWSER'
  | 'PRINT'
  | 'INTERRUPTED'
  | 'NOTHING_TO_BUILD'
  | 'PACK'
  | 'WRITE';

/** Base class for every error leaflet expects and explains. */
export class LeafletError extends Error {
  readonly code: ErrorCode;
  /** The file the error is about, as given to the user (relative to the working directory). */
  readonly file: string | undefined;
  /** 1-based line in `file`, when known. */
  readonly line: number | undefined;

  constructor(code: ErrorCode, message: string, options: { file?: string; line?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.file = options.file;
    this.line = options.line;
  }

  /** `file:line: message`, the one-line form the CLI prints. */
  format(): string {
    if (!this.file) return this.message;
    const place = this.line ? `${this.file}:${this.line}` : this.file;
    return `${place}: ${this.message}`;
  }
}

/** A wrong command-line flag or path: nothing is built (exit 2). */
export class UsageError extends LeafletError {
  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    super('USAGE', message, options);
  }
}

/** A config file that cannot be read or does not match the schema: nothing is built (exit 2). */
export class ConfigError extends LeafletError {
  constructor(message: string, options: { file?: string; line?: number; cause?: unknown } = {}) {
    super('CONFIG', message, options);
  }
}

/** Front matter that is not valid YAML or breaks the article schema. */
export class FrontMatterError extends LeafletError {
  constructor(message: string, options: { file: string; line?: number; cause?: unknown }) {
    super('FRONT_MATTER', message, options);
  }
}

/** A standard pack (`packs/*.yaml`) that cannot be made: its YAML, or an article or exercise it names. */
export class PackError extends LeafletError {
  constructor(message: string, options: { file: string; line?: number; cause?: unknown }) {
    super('PACK', message, options);
  }
}

/** Any other problem with an article's content (missing image, duplicate slug, ...). */
export class ArticleError extends LeafletError {
  constructor(message: string, options: { file: string; line?: number; cause?: unknown }) {
    super('ARTICLE', message, options);
  }
}

/** A quality check that the config made an error (`check.rules`), or any check under --strict. */
export class CheckError extends LeafletError {
  constructor(message: string, options: { file: string; line?: number }) {
    super('CHECK', message, options);
  }
}

/** A Handlebars template that does not compile or fails while filling. */
export class TemplateError extends LeafletError {
  constructor(message: string, options: { file: string; line?: number; cause?: unknown }) {
    super('TEMPLATE', message, options);
  }
}

/** Rendering one article to one format failed. */
export class RenderError extends LeafletError {
  constructor(message: string, options: { file: string; cause?: unknown }) {
    super('RENDER', message, options);
  }
}

/** No browser could be found or launched. */
export class BrowserError extends LeafletError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('BROWSER', message, options);
  }
}

/** Printing one article to PDF failed. */
export class PrintError extends LeafletError {
  constructor(message: string, options: { file: string; cause?: unknown }) {
    super('PRINT', message, options);
  }
}

/** A file could not be written (a full disk, no permission, a file where a folder should be). */
export class WriteError extends LeafletError {
  /** The file or folder that could not be written, as an absolute path. */
  readonly target: string;
  /** Why, in words, with what to do. */
  readonly reason: string;

  constructor(target: string, reason: string, options: { cause?: unknown } = {}) {
    super('WRITE', `could not write ${target}: ${reason}.`, options);
    this.target = target;
    this.reason = reason;
  }

  /** The same error with its path shown relative to `cwd`, as messages show paths. */
  shownFrom(cwd: string): WriteError {
    return new WriteError(path.relative(cwd, this.target) || this.target, this.reason, { cause: this.cause });
  }
}

/** The build found no article to build: a CI job must not pass by building nothing (exit 1). */
export class NothingToBuildError extends LeafletError {
  constructor(message: string) {
    super('NOTHING_TO_BUILD', message);
  }
}

/** The build was stopped (Ctrl-C or SIGTERM) before this work started or finished. */
export class InterruptedError extends LeafletError {
  constructor(message = 'the build was interrupted before this was done') {
    super('INTERRUPTED', message);
  }
}

/**
 * Everything wrong with one article, found in one pass. It carries the first problem's code, place and message, so
 * that it reads like that one error wherever a single error is expected; `problems` holds them all.
 */
export class ArticleProblems extends LeafletError {
  readonly problems: readonly LeafletError[];

  constructor(problems: readonly LeafletError[]) {
    const first = problems[0] ?? new ArticleError('the article could not be read', { file: '' });
    super(first.code, first.message, {
      ...(first.file ? { file: first.file } : {}),
      ...(first.line ? { line: first.line } : {}),
    });
    this.problems = problems.length > 0 ? problems : [first];
  }
}

/** Each problem an error stands for: the problems of an ArticleProblems, or the error itself. */
export function problemsOf(error: LeafletError): readonly LeafletError[] {
  return error instanceof ArticleProblems ? error.problems : [error];
}

/** The message of any thrown value, for wrapping unknown errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
